#pragma once

#include <QtGlobal>

QT_BEGIN_NAMESPACE
class QHttpServer;
QT_END_NAMESPACE

namespace Ops {

class Auth;
class Store;

//! Registers `GET /api/alerts[?status=]` and `POST /api/alerts/<id>/acknowledge|resolve`
//! (dispatchers and managers, with If-Match). \a store and \a auth must outlive \a server.
void registerAlertRoutes(QHttpServer &server, Store &store, const Auth &auth);

} // namespace Ops
