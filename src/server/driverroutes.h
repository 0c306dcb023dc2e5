#pragma once

#include <QtGlobal>

QT_BEGIN_NAMESPACE
class QHttpServer;
QT_END_NAMESPACE

namespace Ops {

class Auth;
class Store;

//! Registers `GET /api/drivers[?status=&region=]` and `GET /api/drivers/<id>`.
//! \a store and \a auth must outlive \a server.
void registerDriverRoutes(QHttpServer &server, Store &store, const Auth &auth);

} // namespace Ops
