#include "positionanswer.h"

#include <QHostAddress>

#include "server/http/httpcompat.h"

using namespace Qt::StringLiterals;

namespace Ops {

QHttpServerResponse positionAnswer(
    const PositionIntake::Result &result, std::chrono::milliseconds retryAfter)
{
    switch (result.outcome) {
    case PositionIntake::Outcome::Accepted: {
        QHttpServerResponse response(QJsonObject { { "status"_L1, "accepted"_L1 } });
        if (result.event)
            setPositionHeader(response, result.event->position());
        return response;
    }
    case PositionIntake::Outcome::Ignored:
        // 200: the sender did nothing it should repeat (a phone's queue must move on).
        return QHttpServerResponse(QJsonObject {
            { "status"_L1, "ignored"_L1 },
            { "reason"_L1, result.reason ? reportRejectionName(*result.reason) : QString() },
            { "message"_L1, result.error.message },
        });
    case PositionIntake::Outcome::Rejected:
        break;
    }
    if (result.error.kind == ErrorKind::RateLimited)
        return rateLimitedAnswer(retryAfter, result.error.message,
            result.reason.value_or(ReportRejection::RateLimitedDevice));
    QJsonObject extra;
    if (result.reason)
        extra.insert("reason"_L1, reportRejectionName(*result.reason));
    return errorResponse(result.error, extra);
}

QHttpServerResponse rateLimitedAnswer(
    std::chrono::milliseconds retryAfter, const QString &message, ReportRejection reason)
{
    QHttpServerResponse response = errorResponse(Error { ErrorKind::RateLimited, message },
        { { "reason"_L1, reportRejectionName(reason) } });
    const qint64 seconds = std::max<qint64>(1, (retryAfter.count() + 999) / 1000);
    setResponseHeader(response, "Retry-After", QByteArray::number(seconds));
    return response;
}

bool admitAddress(RateLimiter &limiter, PositionIntake &intake, const QHttpServerRequest &request,
    std::optional<QHttpServerResponse> *answer)
{
    QHostAddress address = request.remoteAddress();
    bool mapped = false;
    const QHostAddress v4(address.toIPv4Address(&mapped));
    if (mapped)
        address = v4;
    std::chrono::milliseconds retryAfter { 0 };
    if (limiter.take(address.toString().toLatin1(), &retryAfter))
        return true;
    intake.countRejection(ReportRejection::RateLimitedAddress);
    answer->emplace(rateLimitedAnswer(retryAfter,
        u"too many position reports from %1; retry later"_s.arg(address.toString()),
        ReportRejection::RateLimitedAddress));
    return false;
}

PositionIntake::Gate deviceGate(RateLimiter &limiter, std::chrono::milliseconds *retryAfter)
{
    return [&limiter, retryAfter](const QString &id) -> Error {
        if (limiter.take(id.toUtf8(), retryAfter))
            return {};
        return Error { ErrorKind::RateLimited,
            u"too many position reports from %1; retry in %2 ms"_s.arg(id).arg(
                retryAfter->count()) };
    };
}

} // namespace Ops
