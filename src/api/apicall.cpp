#include "apicall.h"

#include <QNetworkReply>

#include "core/logging.h"

namespace Ops {

ApiCall::ApiCall(QNetworkReply *reply, QObject *parent)
    : QObject(parent)
    , m_reply(reply)
{
    connect(reply, &QNetworkReply::finished, this, &ApiCall::onReplyFinished);
}

ApiCall::~ApiCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ApiCall::cancel()
{
    if (m_finished || !m_reply)
        return;
    m_cancelled = true;
    m_reply->abort();
}

void ApiCall::onReplyFinished()
{
    if (m_finished)
        return;
    ApiResult result = ApiResult::fromReply(m_reply);
    if (result.error.kind == ErrorKind::Cancelled && !m_cancelled)
        result.error.kind = ErrorKind::Timeout; // QNAM aborts timed-out transfers as "cancelled"
    qCDebug(lcApi) << m_reply->operation() << m_reply->url().toString(QUrl::RemoveQuery)
                   << result.status << Error::kindName(result.error.kind);
    m_reply->deleteLater();
    m_reply = nullptr;
    m_finished = true;
    Q_EMIT finished(result);
    deleteLater();
}

} // namespace Ops
