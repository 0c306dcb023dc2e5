#pragma once

#include <QList>
#include <QString>

#include "query/querykey.h"

//! \file The one place that names the app's cached queries.
//!
//! A key is also the REST path it is fetched from (restQueryFn: string parts are path segments,
//! an object part is the query string), so each function says which resource it reads. Models,
//! actions, panels and the app name a query only through these functions; the event map
//! (resources/eventmap.json) may only name keys these functions make (tst_eventmap checks both
//! ways).

namespace Ops::QueryKeys {

//! `["orders"]`: the orders list (GET /api/orders); as a prefix, every order query.
[[nodiscard]] QueryKey orders();
//! `["orders", <id>]`: one order (GET /api/orders/<id>); as a prefix, its history too.
[[nodiscard]] QueryKey order(const QString &id);
//! `["orders", <id>, "history"]`: who changed the order, when (GET /api/orders/<id>/history).
[[nodiscard]] QueryKey orderHistory(const QString &id);

//! `["orders", <id>, "candidates"]`: the drivers who could take the order, quickest first (GET
//! /api/orders/<id>/candidates). No ETag: it moves with the clock, so it is read when asked for
//! and not kept long.
[[nodiscard]] QueryKey orderCandidates(const QString &id);

//! `["drivers"]`: the drivers list with positions (GET /api/drivers).
[[nodiscard]] QueryKey drivers();
//! `["drivers", <id>]`: one driver (GET /api/drivers/<id>); as a prefix, its trail too.
[[nodiscard]] QueryKey driver(const QString &id);
//! `["drivers", <id>, "history"]`: who changed the driver, when (GET /api/drivers/<id>/history).
[[nodiscard]] QueryKey driverHistory(const QString &id);
//! `["drivers", <id>, "trail"]`: the driver's breadcrumbs, oldest first
//! (GET /api/drivers/<id>/trail); `driver.updated` of that id refreshes it.
[[nodiscard]] QueryKey driverTrail(const QString &id);

//! `["kpis"]`: today's key figures (GET /api/kpis); as a prefix, the timeline too.
[[nodiscard]] QueryKey kpis();
//! `["kpis", "timeline", {"interval": <interval>}]` (GET /api/kpis/timeline?interval=…).
[[nodiscard]] QueryKey kpiTimeline(const QString &interval = QStringLiteral("15m"));

//! `["events"]`: as a prefix, every activity feed.
[[nodiscard]] QueryKey events();
//! `["events", {"limit": <limit>}]`: the latest events (GET /api/events?limit=…).
[[nodiscard]] QueryKey recentEvents(int limit = 100);

//! `["alerts"]`: as a prefix, every alerts query.
[[nodiscard]] QueryKey alerts();
//! `["alerts", {"status": "open,acknowledged"}]`: the inbox (GET /api/alerts?status=…).
[[nodiscard]] QueryKey alertInbox();
//! `["alert-rules"]`: the alert rules in force (GET /api/alert-rules).
[[nodiscard]] QueryKey alertRules();

//! `["payments"]`: as a prefix, every payments query.
[[nodiscard]] QueryKey payments();
//! `["payments", {"orderId": <id>}]`: one order's payments (GET /api/payments?orderId=…).
[[nodiscard]] QueryKey paymentsOf(const QString &orderId);

//! Every key above that names a query the server answers (not the prefix-only ones), with \a id
//! for each id argument and the defaults for the others: what the app may fetch and cache. For
//! checks such as "each event-map target reaches one of them".
[[nodiscard]] QList<QueryKey> all(const QString &id);

} // namespace Ops::QueryKeys
