#pragma once

#include <optional>

#include <QList>

#include "core/error.h"
#include "protocol/changeevent.h"

namespace Ops {

//! \brief Rows of one resource plus the event-log head read in the same transaction, so a
//! client can subscribe `since` that position without a gap.
template<typename T> struct StoreListing
{
    QList<T> items;
    StreamPosition position;
    Error error;
};

//! \brief Outcome of a write. On success `item` is the new row and `event` what was logged.
//! On Conflict (and on a BadRequest that a rule decided) `item` is the CURRENT row, unchanged.
template<typename T> struct StoreWrite
{
    Error error;
    std::optional<T> item;
    std::optional<ChangeEvent> event;

    [[nodiscard]] bool ok() const { return error.ok(); }
};

} // namespace Ops
