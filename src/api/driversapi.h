#pragma once

#include <optional>

#include <QJsonObject>

#include "apirequest.h"

//! \file Typed endpoints for managing drivers (managers only; docs/protocol.md "POST
//! /api/drivers", "PATCH /api/drivers/<id>", "…/devices", "…/history").

namespace Ops::DriversApi {

//! `POST /api/drivers` with \a fields (`name`, `region`, `phone`, `vehicle`).
[[nodiscard]] ApiRequest create(const QJsonObject &fields);
//! `PATCH /api/drivers/<id>` with the changed \a fields and `If-Match: "<version>"`.
[[nodiscard]] ApiRequest edit(const QString &id, const QJsonObject &fields, qint64 expectedVersion);
//! `POST /api/drivers/<id>/devices` with `{"label": …}` (no label: `{}`).
[[nodiscard]] ApiRequest registerDevice(const QString &id, const QString &label);
//! `DELETE /api/drivers/<id>/devices/<device id>` with `If-Match` when \a expectedVersion is
//! given.
[[nodiscard]] ApiRequest revokeDevice(const QString &id, const QString &deviceId,
    std::optional<qint64> expectedVersion = std::nullopt);

} // namespace Ops::DriversApi
