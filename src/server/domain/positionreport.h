#pragma once

#include <optional>

#include <QByteArrayView>
#include <QDateTime>
#include <QString>

//! \file Positions as phones and trackers report them: the OsmAnd protocol (query or form
//! parameters, as Traccar Client up to version 8 and many trackers send them, and the JSON body
//! of Traccar Client 9 and later), and the body of a driver's `POST /api/me/position`. Every
//! parser of these outside bytes answers why it refuses them.

namespace Ops {

//! \brief A position report, validated: where, when, and what the device said about it.
struct PositionReport
{
    QDateTime at; //!< the device's fix time, UTC
    double lat = 0;
    double lon = 0;
    std::optional<double> speedKmh;
    std::optional<double> bearing; //!< degrees clockwise from north, 0 to 360
    std::optional<double> altitudeM;
    std::optional<double> accuracyM;
    std::optional<double> battery; //!< percent, 0 to 100
    bool valid = true; //!< false: the device itself says the fix is not valid
};

//! \brief Why a position report was not applied; each is counted (metrics label in brackets).
enum class ReportRejection {
    Malformed, //!< [malformed] unreadable, a required parameter missing, a repeated one (400)
    OutOfRange, //!< [out_of_range] a value outside its range, or before 2000 (400)
    Future, //!< [future] a fix time too far ahead of the server's clock (400)
    UnknownDevice, //!< [unknown_device] no registered device has this key (404)
    InactiveDriver, //!< [inactive_driver] the device's driver is deactivated (403)
    Stale, //!< [stale] not newer than the driver's newest position: ignored (200)
    InvalidFix, //!< [invalid_fix] the device says `valid=false`: ignored (200)
    RateLimitedAddress, //!< [rate_limited_address] too many reports from one address (429)
    RateLimitedDevice, //!< [rate_limited_device] too many reports from one device (429)
};
inline constexpr int ReportRejectionCount = 9;

//! The metrics label of \a reason ("malformed", "out_of_range", …).
[[nodiscard]] QString reportRejectionName(ReportRejection reason);

//! \brief One OsmAnd report: the device key (the `id`) and the position.
struct OsmAndReport
{
    QString deviceKey;
    PositionReport position;
};

//! \brief The outcome of a parse: a report, or why not.
template<typename T> struct ReportParse
{
    std::optional<T> report;
    ReportRejection reason = ReportRejection::Malformed; //!< without a report
    QString message; //!< without a report: what was wrong, naming the parameter
};

namespace OsmAnd {

//! Largest device key (`id`) accepted.
inline constexpr qsizetype MaxDeviceKeyLength = 128;
//! Most parameters one report may carry.
inline constexpr int MaxParameters = 64;

//! \brief Parses one OsmAnd report from a request's raw (percent-encoded) \a query, its
//! \a body and its \a contentType header.
//!
//! With a query, the parameters are the query's and the body must be empty (Traccar Client 8
//! POSTs them in the query with no body); without one, a `Content-Type: application/json` body
//! is Traccar Client 9's JSON (`{"device_id", "location": {"timestamp", "coords": {"latitude",
//! "longitude", "speed" (m/s), "heading", "accuracy", "altitude"}, "battery": {"level" (0 to
//! 1)}}}`), any other body form parameters. Parameters: `id` (or `deviceid`), `lat` and `lon`
//! (or `location=lat,lon`), `timestamp` (Unix seconds, or milliseconds from 2^31 on, or ISO 8601,
//! or `yyyy-MM-dd HH:mm:ss` in UTC), and optionally `speed` (knots), `bearing` (or `heading`),
//! `altitude` (m), `accuracy` (m; 0 = unknown), `batt` (percent), `hdop`, `valid`. Other
//! parameters are accepted and ignored, as other OsmAnd servers do. Values are range-checked
//! (an OutOfRange names the parameter); `lat=0&lon=0` is a tracker without a fix.
[[nodiscard]] ReportParse<OsmAndReport> parse(
    QByteArrayView query, QByteArrayView body, QByteArrayView contentType);

} // namespace OsmAnd

//! Parses the body of a driver's `POST /api/me/position`: `{"lat", "lon", "at" (ISO 8601),
//! "speedKmh", "bearing", "altitudeM", "accuracyM", "battery"}`, the last five optional (a
//! number or null); any other field is Malformed, a value out of its range OutOfRange.
[[nodiscard]] ReportParse<PositionReport> parseDriverPosition(QByteArrayView body);

} // namespace Ops
