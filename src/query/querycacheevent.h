#pragma once

#include <QMetaType>

#include "querykey.h"

namespace Ops {

//! \brief One event of the query cache (query-core's `QueryCacheNotifyEvent`), enough for an
//! inspector panel: what happened to which query, and for updates the action that caused it.
struct QueryCacheEvent
{
    enum class Type {
        Added,
        Removed,
        Updated,
        ObserverAdded,
        ObserverRemoved,
    };
    //! The action behind an Updated event (query-core's dispatch action types).
    enum class Action {
        None,
        Fetch,
        Success,
        Error,
        FailedAttempt, //!< an attempt failed and a retry is scheduled
        Pause,
        Continue,
        Invalidate,
        SetData,
        Cancel, //!< cancelled and reverted to the state before the fetch
    };

    Type type = Type::Updated;
    Action action = Action::None;
    QueryKey key;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::QueryCacheEvent)
