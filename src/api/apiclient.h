#pragma once

#include <chrono>
#include <optional>

#include <QNetworkAccessManager>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

#include "apicall.h"
#include "apirequest.h"

namespace Ops {

//! \brief The one owner of QNetworkAccessManager: base URL, bearer auth, timeouts.
//!
//! It does not retry: the query layer owns HTTP retries (one retry owner per channel).
class ApiClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiClient)

public:
    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    void setBaseUrl(const QUrl &url);
    [[nodiscard]] QUrl baseUrl() const { return m_baseUrl; }
    //! The bearer token; never logged.
    void setToken(const QString &token);
    [[nodiscard]] bool hasToken() const { return !m_token.isEmpty(); }
    void setDefaultTimeout(std::chrono::milliseconds timeout);
    //! For https:// servers: trust these CA certificates in addition to the system's.
    void setCaCertificates(const QList<QSslCertificate> &certificates);

    //! Starts \a request. The returned call is owned by the client and deletes itself after
    //! finished().
    ApiCall *send(const ApiRequest &request);

Q_SIGNALS:
    //! A response carried the event-log position it reflects.
    void positionObserved(const Ops::StreamPosition &position);
    //! The server rejected the token (401).
    void unauthorized();

private:
    QNetworkAccessManager m_nam;
    QUrl m_baseUrl;
    QString m_token;
    std::chrono::milliseconds m_defaultTimeout { 15000 };
    std::optional<QSslConfiguration> m_ssl;
};

} // namespace Ops
