#pragma once

#include <chrono>

#include <QHttpServerRequest>
#include <QHttpServerResponse>

#include "server/domain/positionintake.h"
#include "server/http/ratelimiter.h"
#include "server/http/routesupport.h"

//! \file What the position intakes (OsmAnd, a driver's own API) answer; shared by their routes.

namespace Ops {

//! `200 {"status":"accepted"}` (with the position of its event), `200 {"status":"ignored",
//! "reason", "message"}`, or the error of a rejection (`reason` added); a rate limit waits
//! \a retryAfter.
[[nodiscard]] QHttpServerResponse positionAnswer(
    const PositionIntake::Result &result, std::chrono::milliseconds retryAfter);

//! `429 rate_limited` with `Retry-After` (whole seconds, at least 1) and \a reason.
[[nodiscard]] QHttpServerResponse rateLimitedAnswer(
    std::chrono::milliseconds retryAfter, const QString &message, ReportRejection reason);

//! Takes a token of the client address of \a request from \a limiter; on refusal counts it as
//! RateLimitedAddress and fills \a answer.
[[nodiscard]] bool admitAddress(RateLimiter &limiter, PositionIntake &intake,
    const QHttpServerRequest &request, std::optional<QHttpServerResponse> *answer);

//! The gate the intake asks once it knows the device (or driver): a token of \a limiter; when
//! there is none, \a retryAfter says how long until there is.
[[nodiscard]] PositionIntake::Gate deviceGate(
    RateLimiter &limiter, std::chrono::milliseconds *retryAfter);

} // namespace Ops
