#pragma once

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QString>

#include "routes.h"

//! \file How a REST route is registered: \a method on \a path calls a handler with the services
//! every route shares, the path's `<arg>`s (none, one or two) and the request.

namespace Ops {

inline void addRoute(QHttpServer &server, const QString &path, QHttpServerRequest::Method method,
    const RouteServices &services,
    QHttpServerResponse (*handler)(const RouteServices &, const QHttpServerRequest &))
{
    server.route(path, method, [&services, handler](const QHttpServerRequest &request) {
        return handler(services, request);
    });
}

inline void addRoute(QHttpServer &server, const QString &path, QHttpServerRequest::Method method,
    const RouteServices &services,
    QHttpServerResponse (*handler)(
        const RouteServices &, const QString &, const QHttpServerRequest &))
{
    server.route(
        path, method, [&services, handler](const QString &arg, const QHttpServerRequest &request) {
            return handler(services, arg, request);
        });
}

inline void addRoute(QHttpServer &server, const QString &path, QHttpServerRequest::Method method,
    const RouteServices &services,
    QHttpServerResponse (*handler)(
        const RouteServices &, const QString &, const QString &, const QHttpServerRequest &))
{
    server.route(path, method,
        [&services, handler](
            const QString &first, const QString &second, const QHttpServerRequest &request) {
            return handler(services, first, second, request);
        });
}

} // namespace Ops
