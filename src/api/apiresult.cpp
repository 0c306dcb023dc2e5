#include "apiresult.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

#include "protocol/frames.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

ErrorKind fromNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::NoError:
        return ErrorKind::None;
    case QNetworkReply::OperationCanceledError:
        return ErrorKind::Cancelled;
    case QNetworkReply::TimeoutError:
        return ErrorKind::Timeout;
    default:
        return ErrorKind::Network;
    }
}

} // namespace

ApiResult ApiResult::fromReply(QNetworkReply *reply)
{
    ApiResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen()) // an aborted reply is closed; reading it only warns
        result.body = reply->readAll();
    result.etag = reply->rawHeader("ETag");
    if (const QByteArray pos = reply->rawHeader(QByteArray(Wire::PositionHeader.data()));
        !pos.isEmpty())
        result.position = StreamPosition::fromHeaderValue(QString::fromLatin1(pos));
    if (bool ok = false; reply->hasRawHeader("Retry-After")) {
        const int seconds = reply->rawHeader("Retry-After").toInt(&ok);
        if (ok && seconds >= 0)
            result.retryAfter = std::chrono::seconds(seconds);
    }
    if (!result.body.isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(result.body, &parseError);
        if (parseError.error == QJsonParseError::NoError)
            result.json = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }

    if (result.status > 0) {
        // An HTTP answer: its status decides, whatever QNetworkReply says about 4xx/5xx.
        const ErrorKind kind = Error::fromHttpStatus(result.status);
        if (kind != ErrorKind::None) {
            const QString message = result.json.toObject().value("message"_L1).toString();
            result.error = { kind,
                message.isEmpty() ? u"HTTP %1"_s.arg(result.status)
                                  : u"HTTP %1: %2"_s.arg(result.status).arg(message) };
        }
        return result;
    }
    const ErrorKind kind = fromNetworkError(reply->error());
    result.error = { kind == ErrorKind::None ? ErrorKind::Network : kind, reply->errorString() };
    return result;
}

} // namespace Ops
