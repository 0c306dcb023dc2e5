#pragma once

#include <chrono>

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace Ops {

//! \brief One HTTP request to the operations API, as a value with fluent setters.
class ApiRequest
{
public:
    ApiRequest() = default;
    ApiRequest(QByteArray method, QString path);

    static ApiRequest get(QString path) { return { "GET", std::move(path) }; }
    static ApiRequest patch(QString path) { return { "PATCH", std::move(path) }; }
    static ApiRequest post(QString path) { return { "POST", std::move(path) }; }

    ApiRequest &setQuery(QUrlQuery query);
    ApiRequest &setJsonBody(const QJsonValue &body);
    //! A body that is not JSON (a CSV file), with its `Content-Type`.
    ApiRequest &setBody(QByteArray body, QByteArray contentType);
    ApiRequest &setHeader(QByteArray name, QByteArray value);
    //! 0 = the client's default transfer timeout.
    ApiRequest &setTimeout(std::chrono::milliseconds timeout);

    [[nodiscard]] const QByteArray &method() const { return m_method; }
    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] const QUrlQuery &query() const { return m_query; }
    [[nodiscard]] const QByteArray &body() const { return m_body; }
    [[nodiscard]] const QList<QPair<QByteArray, QByteArray>> &headers() const { return m_headers; }
    [[nodiscard]] std::chrono::milliseconds timeout() const { return m_timeout; }

private:
    QByteArray m_method = "GET";
    QString m_path;
    QUrlQuery m_query;
    QByteArray m_body;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    std::chrono::milliseconds m_timeout { 0 };
};

} // namespace Ops
