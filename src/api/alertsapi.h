#pragma once

#include <optional>

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

} // namespace Ops::AlertsApi
