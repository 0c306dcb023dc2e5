#pragma once

#include <optional>

#include <QList>

#include "apirequest.h"
#include "protocol/order.h"

//! \file Typed endpoints for orders: each builds an ApiRequest or parses an answer into DTOs.

namespace Ops::OrdersApi {

[[nodiscard]] ApiRequest list();
[[nodiscard]] ApiRequest item(const QString &id);
//! `PATCH /api/orders/<id>` with `If-Match: "<version>"` when \a expectedVersion is given.
[[nodiscard]] ApiRequest setStatus(
    const QString &id, OrderStatus status, std::optional<qint64> expectedVersion = std::nullopt);
//! `PATCH /api/orders/<id>` with `{"driverId": <id or null>}` (empty \a driverId unassigns),
//! plus `"status"` when \a status is given (e.g. a new order becomes assigned with its driver).
[[nodiscard]] ApiRequest assignDriver(const QString &id, const QString &driverId,
    std::optional<OrderStatus> status = std::nullopt,
    std::optional<qint64> expectedVersion = std::nullopt);
//! `POST /api/orders/bulk-status` with `{ids, status}` (no version check: "whatever it is now").
[[nodiscard]] ApiRequest setStatusBulk(const QStringList &ids, OrderStatus status);

//! Parses a list answer; a malformed row fails the whole list with a reason in \a error.
[[nodiscard]] std::optional<QList<Order>> parseList(const QJsonValue &json, QString *error);

} // namespace Ops::OrdersApi
