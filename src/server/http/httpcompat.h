#pragma once

// The few QtHttpServer calls whose API changed between Qt 6.4 and 6.8, behind one name each.
// 6.8 replaced QHttpServerResponse::setHeader() by headers()/setHeaders(QHttpHeaders), and
// QHttpServer::afterRequest() by addAfterRequestHandler() with a context object.

#include <initializer_list>
#include <utility>

#include <QByteArray>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QtGlobal>

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
#endif

namespace Ops {

//! Writes \a body with \a headers (name/value pairs) and \a status (6.8 takes QHttpHeaders).
inline void writeResponse(QHttpServerResponder &responder, const QByteArray &body,
    std::initializer_list<std::pair<QByteArray, QByteArray>> headers,
    QHttpServerResponder::StatusCode status)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders list;
    for (const auto &[name, value] : headers)
        list.append(name, value);
    responder.write(body, list, status);
#else
    responder.write(body, headers, status);
#endif
}

//! Sets header \a name to \a value on \a response, replacing an earlier value.
inline void setResponseHeader(
    QHttpServerResponse &response, const QByteArray &name, const QByteArray &value)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders headers = response.headers();
    headers.replaceOrAppend(name, value);
    response.setHeaders(std::move(headers));
#else
    response.setHeader(name, value);
#endif
}

//! Calls \a hook(request, response) with every QHttpServerResponse a route returns, before it is
//! sent (not for routes that write through a QHttpServerResponder, nor the missing handler).
//! \a hook: `void(const QHttpServerRequest &, QHttpServerResponse &)`.
template<typename Hook> void addAfterRequestHook(QHttpServer &server, Hook hook)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    server.addAfterRequestHandler(&server, std::move(hook));
#else
    server.afterRequest([hook = std::move(hook)](
                            QHttpServerResponse &&response, const QHttpServerRequest &request) {
        hook(request, response);
        return std::move(response);
    });
#endif
}

} // namespace Ops
