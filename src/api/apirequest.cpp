#include "apirequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ops {

ApiRequest::ApiRequest(QByteArray method, QString path)
    : m_method(std::move(method))
    , m_path(std::move(path))
{ }

ApiRequest &ApiRequest::setQuery(QUrlQuery query)
{
    m_query = std::move(query);
    return *this;
}

ApiRequest &ApiRequest::setBody(QByteArray body, QByteArray contentType)
{
    m_body = std::move(body);
    return setHeader("Content-Type", std::move(contentType));
}

ApiRequest &ApiRequest::setJsonBody(const QJsonValue &body)
{
    m_body = body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                            : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    return setHeader("Content-Type", "application/json");
}

ApiRequest &ApiRequest::setHeader(QByteArray name, QByteArray value)
{
    for (auto &header : m_headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            header.second = std::move(value);
            return *this;
        }
    }
    m_headers.append({ std::move(name), std::move(value) });
    return *this;
}

ApiRequest &ApiRequest::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = timeout;
    return *this;
}

} // namespace Ops
