#include "apiclient.h"

#include <QNetworkReply>
#include <QNetworkRequest>

#include "core/logging.h"

using namespace Qt::StringLiterals;

namespace Ops {

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
{
    m_nam.setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

ApiClient::~ApiClient() = default;

void ApiClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

void ApiClient::setToken(const QString &token)
{
    m_token = token;
}

void ApiClient::setCaCertificates(const QList<QSslCertificate> &certificates)
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.addCaCertificates(certificates);
    m_ssl = ssl;
}

void ApiClient::setDefaultTimeout(std::chrono::milliseconds timeout)
{
    m_defaultTimeout = timeout;
}

ApiCall *ApiClient::send(const ApiRequest &request)
{
    QUrl url = m_baseUrl;
    url.setPath(m_baseUrl.path().chopped(m_baseUrl.path().endsWith(u'/') ? 1 : 0) + request.path());
    if (!request.query().isEmpty())
        url.setQuery(request.query());

    QNetworkRequest req(url);
    req.setTransferTimeout(
        int((request.timeout().count() > 0 ? request.timeout() : m_defaultTimeout).count()));
    req.setRawHeader("Accept", "application/json");
    if (m_ssl)
        req.setSslConfiguration(*m_ssl);
    if (!m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    for (const auto &[name, value] : request.headers())
        req.setRawHeader(name, value);

    QNetworkReply *reply = request.body().isEmpty() && request.method() == "GET"
        ? m_nam.get(req)
        : m_nam.sendCustomRequest(req, request.method(), request.body());
    qCDebug(lcApi) << request.method() << url.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    auto *call = new ApiCall(reply, this);
    connect(call, &ApiCall::finished, this, [this](const ApiResult &result) {
        if (result.position)
            Q_EMIT positionObserved(*result.position);
        if (result.error.kind == ErrorKind::Unauthorized)
            Q_EMIT unauthorized();
    });
    return call;
}

} // namespace Ops
