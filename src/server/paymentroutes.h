#pragma once

#include <QtGlobal>

QT_BEGIN_NAMESPACE
class QHttpServer;
QT_END_NAMESPACE

namespace Ops {

class Auth;
class Store;

//! Registers `GET /api/payments[?orderId=]` (managers only).
//! \a store and \a auth must outlive \a server.
void registerPaymentRoutes(QHttpServer &server, Store &store, const Auth &auth);

} // namespace Ops
