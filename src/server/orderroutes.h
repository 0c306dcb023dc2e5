#pragma once

#include "core/error.h"

#include <QJsonObject>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerResponse;
QT_END_NAMESPACE

namespace Ops {

class Auth;
class Store;

//! Largest PATCH body accepted; larger bodies get 413.
inline constexpr qsizetype MaxRequestBodyBytes = 64 * 1024;

//! \brief The one mapping from an error to an HTTP response:
//! `{"error": Error::kindName(kind), "message": …}` plus \a extra fields, status
//! Error::httpStatus(kind).
[[nodiscard]] QHttpServerResponse errorResponse(const Error &error, const QJsonObject &extra = {});

//! Registers `GET /healthz`, `GET /api/orders`, `GET|PATCH /api/orders/<id>` and a JSON 404/405
//! for everything else. \a store and \a auth must outlive \a server.
void registerOrderRoutes(QHttpServer &server, Store &store, const Auth &auth);

} // namespace Ops
