#pragma once

// The few QtHttpServer calls whose API changed between Qt 6.4 and 6.x, behind one name each.
// 6.8 replaced QHttpServerResponse::setHeader() by headers()/setHeaders(QHttpHeaders), and
// QHttpServer::afterRequest() by addAfterRequestHandler() with a context object. 6.9 added
// QHttpServerConfiguration, which from 6.10 and 6.11 holds limits of its own.

#include <chrono>
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
#if QT_VERSION >= QT_VERSION_CHECK(6, 9, 0)
#include <QHttpServerConfiguration>
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

//! Hands the limits QHttpServer itself enforces in this Qt version to it: the keep-alive
//! (idle) timeout from 6.10, body and header sizes from 6.11. HttpListener guards every
//! connection itself when QHttpServer takes sockets over synchronously, as 6.4 does; these are
//! the same limits one layer further in, so they hold whatever a newer version changed there.
inline void applyQtLimits([[maybe_unused]] QHttpServer &server,
    [[maybe_unused]] std::chrono::milliseconds idleTimeout,
    [[maybe_unused]] qsizetype maxHeaderBytes, [[maybe_unused]] qsizetype maxBodyBytes)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 10, 0)
    QHttpServerConfiguration configuration = server.configuration();
    // 0 means "never" here; QHttpServer has no such value, so a day stands in for it.
    const auto idle = std::chrono::duration_cast<std::chrono::seconds>(idleTimeout);
    configuration.setKeepAliveTimeout(idle.count() > 0 ? idle : std::chrono::seconds(86400));
#if QT_VERSION >= QT_VERSION_CHECK(6, 11, 0)
    configuration.setMaximumTotalHeaderSize(maxHeaderBytes);
    configuration.setMaximumBodySize(maxBodyBytes);
#endif
    server.setConfiguration(configuration);
#endif
}

} // namespace Ops
