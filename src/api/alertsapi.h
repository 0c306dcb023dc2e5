#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>

#include "apirequest.h"

//! \file Typed endpoints for alerts: each builds an ApiRequest.

namespace Ops::AlertsApi {

//! `POST /api/alerts/<id>/acknowledge` with `If-Match: "<version>"` when given.
[[nodiscard]] ApiRequest acknowledge(
    const QString &id, std::optional<qint64> expectedVersion = std::nullopt);
//! `POST /api/alerts/<id>/resolve` with `If-Match: "<version>"` when given.
[[nodiscard]] ApiRequest resolve(
    const QString &id, std::optional<qint64> expectedVersion = std::nullopt);
//! `POST /api/alerts/<id>/snooze` with `{"minutes": N}` (1–1440).
[[nodiscard]] ApiRequest snooze(
    const QString &id, int minutes, std::optional<qint64> expectedVersion = std::nullopt);

//! `POST /api/alerts/<id>/seen`: a receipt for the caller (no body, no `If-Match`).
[[nodiscard]] ApiRequest seen(const QString &id);
//! `GET /api/alerts?status=open&raisedAfter=<time>`: the open alerts raised strictly after
//! \a after ("while you were away").
[[nodiscard]] ApiRequest openRaisedAfter(const QDateTime &after);

//! `PATCH /api/alert-rules/<region>/<kind>` with \a fields (any of enabled, severity,
//! thresholdMinutes, renotifyMinutes, escalateMinutes, remindMinutes) and `If-Match` when given.
[[nodiscard]] ApiRequest updateRule(const QString &region, const QString &kind,
    const QJsonObject &fields, std::optional<qint64> expectedVersion = std::nullopt);

} // namespace Ops::AlertsApi
