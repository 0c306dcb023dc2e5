#pragma once

#include <initializer_list>

#include <QByteArray>
#include <QJsonObject>
#include <QLatin1StringView>

#include "core/error.h"

//! \file Validation of untrusted bodies: every parser of outside bytes that a route uses, each
//! answering a BadRequest (or PayloadTooLarge) that names the field and why.

namespace Ops {

struct OrderChange;

//! Largest request body accepted; larger bodies get 413.
inline constexpr qsizetype MaxRequestBodyBytes = 64 * 1024;

//! Parses \a body as a JSON object: 413 over MaxRequestBodyBytes, 400 when malformed or not
//! an object, or when it has a field not in \a allowed or the same field twice.
[[nodiscard]] Error parseJsonObject(
    const QByteArray &body, std::initializer_list<QLatin1StringView> allowed, QJsonObject *out);

//! The PATCH body of an order: `{"status": "<known status>", "driverId": "<id>" | null}`, at
//! least one of the two and nothing else (also the fuzz target's entry point). `driverId` null
//! unassigns (an empty \a out->driverId).
[[nodiscard]] Error parseOrderPatch(const QByteArray &body, OrderChange *out);

} // namespace Ops
