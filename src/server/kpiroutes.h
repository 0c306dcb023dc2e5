#pragma once

#include <QtGlobal>

QT_BEGIN_NAMESPACE
class QHttpServer;
QT_END_NAMESPACE

namespace Ops {

class Auth;
class Store;

//! Registers `GET /api/kpis` (computed over the caller's regions).
//! \a store and \a auth must outlive \a server.
void registerKpiRoutes(QHttpServer &server, Store &store, const Auth &auth);

} // namespace Ops
