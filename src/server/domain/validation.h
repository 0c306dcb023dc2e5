#pragma once

#include <initializer_list>
#include <optional>

#include <QByteArray>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>

#include "core/error.h"
#include "protocol/order.h"
#include "protocol/orderfields.h"

//! \file Validation of untrusted bodies: every parser of outside bytes that a route uses, each
//! answering a BadRequest (or PayloadTooLarge) that names the field and why.

namespace Ops {

struct OrderChange;
struct DriverDraft;
struct DriverChange;
struct DriverOrderReport;

//! Largest request body accepted; larger bodies get 413.
inline constexpr qsizetype MaxRequestBodyBytes = 64 * 1024;

//! A BadRequest saying \a message.
[[nodiscard]] Error badRequest(const QString &message);

//! \a bytes as a JSON document; nullopt when they are not JSON, with \a why saying where and
//! what is wrong ("malformed JSON at offset N: …").
[[nodiscard]] std::optional<QJsonDocument> parseJsonDocument(const QByteArray &bytes, QString *why);

//! Parses \a body as a JSON object: 413 over MaxRequestBodyBytes, 400 when malformed or not
//! an object, or when it has a field not in \a allowed or the same field twice.
[[nodiscard]] Error parseJsonObject(
    const QByteArray &body, std::initializer_list<QLatin1StringView> allowed, QJsonObject *out);

//! The PATCH body of an order: any of `status` (a known status), `driverId` (an id, or null to
//! unassign), `reason` (1 to OrderService::MaxReasonLength characters) and the editable fields
//! (`pickup`, `pickupLat`/`pickupLon`, `dropoff`, `lat`/`lon`, `dueAt`, `windowStart`,
//! `contactName`, `contactPhone`, `notes`, `amountCents`; a position or `windowStart` null
//! removes it), at least one besides `reason`, and nothing else (also a fuzz target's entry
//! point). The field a rejection is about goes to \a field.
[[nodiscard]] Error parseOrderPatch(
    const QByteArray &body, OrderChange *out, QString *field = nullptr);

//! The body of `POST /api/orders`: `customer`, `region`, `pickup`, `dropoff`, `dueAt`,
//! `amountCents` (required), `contactName`, `contactPhone`, `notes`, `externalRef`,
//! `windowStart`, `pickupLat`/`pickupLon`, `lat`/`lon` (optional), nothing else; every value
//! checked as OrderFields says and the whole order by validateNewOrder(). \a out is a draft
//! (no id, status new, no driver). The field a rejection is about goes to \a field. Also a fuzz
//! target's entry point.
[[nodiscard]] Error parseOrderCreate(
    const QByteArray &body, const QDateTime &now, Order *out, QString *field = nullptr);

//! The body of `POST /api/drivers`: `{"name", "region", "phone", "vehicle", "active", "id"}`,
//! `name` and `region` required. `name`: 1 to 100 characters; `region`: 1 to 64 of
//! `[A-Za-z0-9_-]`; `phone`: empty or 3 to 32 characters of digits, spaces and `+()./-` with
//! at least 3 digits; `vehicle`: up to 100 characters; `id`: 1 to 32 of `[A-Za-z0-9_-]`;
//! `active`: a boolean. No control characters anywhere.
[[nodiscard]] Error parseDriverDraft(const QByteArray &body, DriverDraft *out);
//! The body of `PATCH /api/drivers/<id>`: one or more of `name`, `phone`, `vehicle`, `region`,
//! `active`, checked as for parseDriverDraft(); nothing else.
[[nodiscard]] Error parseDriverPatch(const QByteArray &body, DriverChange *out);
//! The body of `POST /api/drivers/<id>/devices`: empty, `{}` or `{"label": "…"}` (up to 100
//! characters).
[[nodiscard]] Error parseDeviceRegistration(const QByteArray &body, QString *label);
//! The body of `POST /api/me/orders/<id>/status`: `{"status": "picked_up" | "in_transit" |
//! "delivered" | "failed", "reason", "note", "photo"}`. `failed` needs a `reason` (1 to 500
//! characters), and only `failed` takes one; `note` up to 2000 characters; `photo` a reference
//! (a URL or an id) of up to 500 characters without spaces.
[[nodiscard]] Error parseDriverOrderReport(const QByteArray &body, DriverOrderReport *out);

} // namespace Ops
