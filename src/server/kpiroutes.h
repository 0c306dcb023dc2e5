#pragma once

#include <QtGlobal>

QT_BEGIN_NAMESPACE
class QHttpServer;
QT_END_NAMESPACE

namespace Ops {

class Auth;
class Store;

//! Registers `GET /api/kpis` and `GET /api/kpis/timeline` (computed over the caller's regions)
//! and `GET /api/events` (the recent event log, as the caller's channels allow).
//! \a store and \a auth must outlive \a server.
void registerKpiRoutes(QHttpServer &server, Store &store, const Auth &auth);

} // namespace Ops
