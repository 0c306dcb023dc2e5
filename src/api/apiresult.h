#pragma once

#include <chrono>
#include <optional>

#include <QByteArray>
#include <QJsonValue>
#include <QMetaType>

#include "core/error.h"
#include "protocol/changeevent.h"

class QNetworkReply;

namespace Ops {

//! \brief The outcome of one API call, as a value.
struct ApiResult
{
    int status = 0; //!< HTTP status; 0 when no response arrived
    Ops::Error error;
    QByteArray body;
    QJsonValue json; //!< parsed body when it was JSON
    QByteArray etag;
    //! The event-log position the answer reflects (`Opsboard-Position`), when the server sent one.
    std::optional<StreamPosition> position;
    //! `Retry-After` on 429/503.
    std::optional<std::chrono::seconds> retryAfter;

    [[nodiscard]] bool ok() const { return error.ok(); }

    //! The one place where transport and HTTP failures become an Ops::Error.
    [[nodiscard]] static ApiResult fromReply(QNetworkReply *reply);
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::ApiResult)
