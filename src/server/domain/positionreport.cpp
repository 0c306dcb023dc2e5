#include "positionreport.h"

#include <array>
#include <cmath>

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTimeZone>

#include "validation.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr double kKmhPerKnot = 1.852;
constexpr double kKmhPerMps = 3.6;
constexpr double kMaxSpeedKmh = 1000;
//! Longest value of one parameter; a report is a handful of short numbers.
constexpr qsizetype kMaxValueLength = 256;

//! The earliest fix time accepted: anything before is a device without a clock.
QDateTime earliestFix()
{
    return QDateTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
}

template<typename T> ReportParse<T> refuse(ReportRejection reason, const QString &message)
{
    ReportParse<T> result;
    result.reason = reason;
    result.message = message;
    return result;
}

std::optional<double> toNumber(const QString &text)
{
    bool ok = false;
    const double value = QLocale::c().toDouble(text, &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

//! A fix time in any of the OsmAnd forms; nullopt when unreadable.
std::optional<QDateTime> toFixTime(const QString &text)
{
    if (text.isEmpty() || text.size() > 40)
        return std::nullopt;
    bool digits = true;
    for (qsizetype i = 0; i < text.size(); ++i)
        digits = digits && (text.at(i).isDigit() || (i == 0 && text.at(i) == u'-'));
    if (digits) {
        bool ok = false;
        const qint64 value = text.toLongLong(&ok);
        if (!ok)
            return std::nullopt;
        // As OsmAnd servers read it: seconds below 2^31, milliseconds from there on.
        if (value < 2147483647LL) {
            if (value < -62135596800LL) // before year 1: certainly out of range anyway
                return QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC);
            return QDateTime::fromSecsSinceEpoch(value, Qt::UTC);
        }
        if (value > 253402300799999LL) // after 9999
            return std::nullopt;
        return QDateTime::fromMSecsSinceEpoch(value, Qt::UTC);
    }
    QDateTime parsed;
    if (text.contains(u'T')) {
        parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
        // No zone given: UTC, never the server's local time.
        if (!parsed.isValid() || parsed.timeSpec() == Qt::LocalTime) {
            const QDateTime utc = QDateTime::fromString(text + u'Z', Qt::ISODateWithMs);
            if (utc.isValid())
                parsed = utc;
        }
    } else if (text.size() == 19 && text.at(10) == u' ') {
        const QDate date = QDate::fromString(text.left(10), u"yyyy-MM-dd"_s);
        const QTime time = QTime::fromString(text.mid(11), u"HH:mm:ss"_s);
        if (date.isValid() && time.isValid())
            parsed = QDateTime(date, time, Qt::UTC);
    }
    if (!parsed.isValid())
        return std::nullopt;
    return parsed.toUTC();
}

//! \brief What the parameters of one kind of report are called, for the messages.
struct Names
{
    QLatin1StringView at;
    QLatin1StringView speed;
    QLatin1StringView bearing;
    QLatin1StringView altitude;
    QLatin1StringView accuracy;
    QLatin1StringView battery;
};
constexpr Names kOsmAndNames { "timestamp"_L1, "speed"_L1, "bearing"_L1, "altitude"_L1,
    "accuracy"_L1, "batt"_L1 };
constexpr Names kDriverApiNames { "at"_L1, "speedKmh"_L1, "bearing"_L1, "altitudeM"_L1,
    "accuracyM"_L1, "battery"_L1 };

//! Checks the ranges every report shares; an empty message when all is well.
QString rangeProblem(const PositionReport &p, const Names &names)
{
    if (!(p.lat >= -90 && p.lat <= 90))
        return u"'lat' must be from -90 to 90"_s;
    if (!(p.lon >= -180 && p.lon <= 180))
        return u"'lon' must be from -180 to 180"_s;
    if (p.lat == 0 && p.lon == 0)
        return u"'lat' and 'lon' are 0,0: no fix"_s;
    if (p.at < earliestFix())
        return u"'%1' is before 2000: the device has no clock"_s.arg(names.at);
    if (p.speedKmh && !(*p.speedKmh >= 0 && *p.speedKmh <= kMaxSpeedKmh))
        return u"'%1' must be from 0 to %2 km/h"_s.arg(names.speed).arg(kMaxSpeedKmh);
    if (p.bearing && !(*p.bearing >= 0 && *p.bearing <= 360))
        return u"'%1' must be from 0 to 360"_s.arg(names.bearing);
    if (p.altitudeM && !(*p.altitudeM >= -1000 && *p.altitudeM <= 100000))
        return u"'%1' must be from -1000 to 100000 m"_s.arg(names.altitude);
    if (p.accuracyM && !(*p.accuracyM >= 0 && *p.accuracyM <= 100000))
        return u"'%1' must be from 0 to 100000 m"_s.arg(names.accuracy);
    if (p.battery && !(*p.battery >= 0 && *p.battery <= 100))
        return u"'%1' must be from 0 to 100"_s.arg(names.battery);
    return {};
}

ReportParse<OsmAndReport> finish(OsmAndReport report)
{
    // Traccar Client sends accuracy 0 for a satellite fix: not known.
    if (report.position.accuracyM && *report.position.accuracyM == 0)
        report.position.accuracyM.reset();
    if (const QString problem = rangeProblem(report.position, kOsmAndNames); !problem.isEmpty())
        return refuse<OsmAndReport>(ReportRejection::OutOfRange, problem);
    ReportParse<OsmAndReport> result;
    result.report = std::move(report);
    return result;
}

bool hasControlCharacters(const QString &text)
{
    return std::any_of(
        text.cbegin(), text.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
}

//! Form or query parameters: name → value, decoded. A repeated name is an error.
ReportParse<OsmAndReport> parseParameters(QByteArrayView raw)
{
    QHash<QString, QString> params;
    int count = 0;
    for (const QByteArrayView pair : QByteArray::fromRawData(raw.data(), raw.size()).split('&')) {
        if (pair.isEmpty())
            continue;
        if (++count > OsmAnd::MaxParameters)
            return refuse<OsmAndReport>(ReportRejection::Malformed,
                u"more than %1 parameters"_s.arg(OsmAnd::MaxParameters));
        const qsizetype eq = pair.indexOf('=');
        const auto decode = [](QByteArrayView part) {
            QByteArray bytes = part.toByteArray();
            bytes.replace('+', ' ');
            return QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
        };
        const QString name = decode(eq < 0 ? pair : pair.first(eq));
        const QString value = eq < 0 ? QString() : decode(pair.sliced(eq + 1));
        if (name.isEmpty() || name.size() > 64 || value.size() > kMaxValueLength)
            return refuse<OsmAndReport>(ReportRejection::Malformed,
                u"parameter '%1' is too long or has no name"_s.arg(name.left(64)));
        if (params.contains(name))
            return refuse<OsmAndReport>(
                ReportRejection::Malformed, u"parameter '%1' given twice"_s.arg(name));
        params.insert(name, value);
    }
    const auto one = [&params](const QString &a, const QString &b) -> std::optional<QString> {
        if (params.contains(a) && params.contains(b))
            return std::nullopt;
        return params.value(params.contains(a) ? a : b);
    };
    OsmAndReport report;
    const auto key = one(u"id"_s, u"deviceid"_s);
    if (!key)
        return refuse<OsmAndReport>(
            ReportRejection::Malformed, u"give one of 'id' and 'deviceid', not both"_s);
    report.deviceKey = *key;
    if (report.deviceKey.isEmpty())
        return refuse<OsmAndReport>(ReportRejection::Malformed, u"'id' (the device key) missing"_s);
    if (report.deviceKey.size() > OsmAnd::MaxDeviceKeyLength
        || hasControlCharacters(report.deviceKey))
        return refuse<OsmAndReport>(ReportRejection::Malformed,
            u"'id' must be 1 to %1 printable characters"_s.arg(OsmAnd::MaxDeviceKeyLength));

    PositionReport &p = report.position;
    const bool pair = params.contains(u"lat"_s) || params.contains(u"lon"_s);
    if (pair && params.contains(u"location"_s))
        return refuse<OsmAndReport>(
            ReportRejection::Malformed, u"give 'lat' and 'lon' or 'location', not both"_s);
    QString latText = params.value(u"lat"_s);
    QString lonText = params.value(u"lon"_s);
    if (params.contains(u"location"_s)) {
        const QStringList parts = params.value(u"location"_s).split(u',');
        if (parts.size() != 2)
            return refuse<OsmAndReport>(
                ReportRejection::Malformed, u"'location' must be 'lat,lon'"_s);
        latText = parts.at(0);
        lonText = parts.at(1);
    } else if (!params.contains(u"lat"_s) || !params.contains(u"lon"_s)) {
        return refuse<OsmAndReport>(
            ReportRejection::Malformed, u"'lat' and 'lon' (or 'location') missing"_s);
    }
    const auto lat = toNumber(latText);
    const auto lon = toNumber(lonText);
    if (!lat || !lon)
        return refuse<OsmAndReport>(
            ReportRejection::Malformed, u"'lat' and 'lon' must be numbers"_s);
    p.lat = *lat;
    p.lon = *lon;

    if (!params.contains(u"timestamp"_s))
        return refuse<OsmAndReport>(ReportRejection::Malformed, u"'timestamp' missing"_s);
    const auto at = toFixTime(params.value(u"timestamp"_s));
    if (!at)
        return refuse<OsmAndReport>(ReportRejection::Malformed,
            u"'timestamp' must be Unix seconds or milliseconds, or an ISO 8601 time"_s);
    p.at = *at;

    // Optional numbers, each named in the message when unreadable.
    struct Optional
    {
        const char *name;
        std::optional<double> *out;
        double scale;
    };
    std::optional<double> hdop;
    const std::optional<QString> bearing = one(u"bearing"_s, u"heading"_s);
    if (!bearing)
        return refuse<OsmAndReport>(
            ReportRejection::Malformed, u"give one of 'bearing' and 'heading', not both"_s);
    const std::array<Optional, 5> optionals { {
        { "speed", &p.speedKmh, kKmhPerKnot },
        { "altitude", &p.altitudeM, 1 },
        { "accuracy", &p.accuracyM, 1 },
        { "batt", &p.battery, 1 },
        { "hdop", &hdop, 1 },
    } };
    for (const Optional &o : optionals) {
        const QString name = QString::fromLatin1(o.name);
        if (!params.contains(name))
            continue;
        const auto value = toNumber(params.value(name));
        if (!value)
            return refuse<OsmAndReport>(
                ReportRejection::Malformed, u"'%1' must be a number"_s.arg(name));
        *o.out = *value * o.scale;
    }
    if (!bearing->isEmpty() || params.contains(u"bearing"_s) || params.contains(u"heading"_s)) {
        const auto value = toNumber(*bearing);
        if (!value)
            return refuse<OsmAndReport>(
                ReportRejection::Malformed, u"'bearing' must be a number"_s);
        p.bearing = *value;
    }
    if (hdop && !(*hdop >= 0 && *hdop <= 1000))
        return refuse<OsmAndReport>(
            ReportRejection::OutOfRange, u"'hdop' must be from 0 to 1000"_s);
    if (params.contains(u"valid"_s)) {
        const QString valid = params.value(u"valid"_s);
        if (valid != "true"_L1 && valid != "false"_L1 && valid != "1"_L1 && valid != "0"_L1)
            return refuse<OsmAndReport>(
                ReportRejection::Malformed, u"'valid' must be true, false, 1 or 0"_s);
        p.valid = valid == "true"_L1 || valid == "1"_L1;
    }
    return finish(std::move(report));
}

//! An optional number of a JSON object: missing (or, with \a negativeIsUnknown, below 0) is
//! unset; a value of another type is an error.
bool jsonNumber(const QJsonObject &json, QLatin1StringView key, std::optional<double> *out,
    bool negativeIsUnknown, QString *error)
{
    const QJsonValue v = json.value(key);
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isDouble()) {
        *error = u"'%1' must be a number"_s.arg(key);
        return false;
    }
    if (!(negativeIsUnknown && v.toDouble() < 0))
        *out = v.toDouble();
    return true;
}

ReportParse<OsmAndReport> parseJson(QByteArrayView body)
{
    QString malformed;
    const auto doc = parseJsonDocument(body.toByteArray(), &malformed);
    if (!doc)
        return refuse<OsmAndReport>(ReportRejection::Malformed, malformed);
    const QJsonObject root = doc->object();
    const QJsonValue key = root.value("device_id"_L1);
    const QJsonValue location = root.value("location"_L1);
    if (!doc->isObject() || !key.isString() || !location.isObject())
        return refuse<OsmAndReport>(ReportRejection::Malformed,
            u"the JSON report needs \"device_id\" (a string) and \"location\" (an object)"_s);
    OsmAndReport report;
    report.deviceKey = key.toString();
    if (report.deviceKey.isEmpty() || report.deviceKey.size() > OsmAnd::MaxDeviceKeyLength
        || hasControlCharacters(report.deviceKey))
        return refuse<OsmAndReport>(ReportRejection::Malformed,
            u"\"device_id\" must be 1 to %1 printable characters"_s.arg(
                OsmAnd::MaxDeviceKeyLength));
    const QJsonObject loc = location.toObject();
    const QJsonValue timestamp = loc.value("timestamp"_L1);
    const auto at = timestamp.isString() && timestamp.toString().contains(u'T')
        ? toFixTime(timestamp.toString())
        : std::nullopt;
    if (!at)
        return refuse<OsmAndReport>(
            ReportRejection::Malformed, u"\"location.timestamp\" must be an ISO 8601 time"_s);
    PositionReport &p = report.position;
    p.at = *at;
    const QJsonValue coordsValue = loc.value("coords"_L1);
    const QJsonObject coords = coordsValue.toObject();
    if (!coordsValue.isObject() || !coords.value("latitude"_L1).isDouble()
        || !coords.value("longitude"_L1).isDouble())
        return refuse<OsmAndReport>(ReportRejection::Malformed,
            u"\"location.coords\" needs \"latitude\" and \"longitude\" (numbers)"_s);
    p.lat = coords.value("latitude"_L1).toDouble();
    p.lon = coords.value("longitude"_L1).toDouble();
    QString error;
    std::optional<double> speedMps;
    if (!jsonNumber(coords, "speed"_L1, &speedMps, true, &error)
        || !jsonNumber(coords, "heading"_L1, &p.bearing, true, &error)
        || !jsonNumber(coords, "accuracy"_L1, &p.accuracyM, true, &error)
        || !jsonNumber(coords, "altitude"_L1, &p.altitudeM, false, &error))
        return refuse<OsmAndReport>(ReportRejection::Malformed, u"\"location.coords\": "_s + error);
    if (speedMps)
        p.speedKmh = *speedMps * kKmhPerMps;
    const QJsonValue battery = loc.value("battery"_L1);
    if (!battery.isUndefined() && !battery.isNull()) {
        std::optional<double> level;
        if (!battery.isObject()
            || !jsonNumber(battery.toObject(), "level"_L1, &level, true, &error))
            return refuse<OsmAndReport>(ReportRejection::Malformed,
                u"\"location.battery\" must be an object with a numeric \"level\""_s);
        if (level && *level > 1)
            return refuse<OsmAndReport>(
                ReportRejection::OutOfRange, u"\"location.battery.level\" must be from 0 to 1"_s);
        if (level)
            p.battery = *level * 100;
    }
    return finish(std::move(report));
}

} // namespace

QString reportRejectionName(ReportRejection reason)
{
    switch (reason) {
    case ReportRejection::Malformed:
        return u"malformed"_s;
    case ReportRejection::OutOfRange:
        return u"out_of_range"_s;
    case ReportRejection::Future:
        return u"future"_s;
    case ReportRejection::UnknownDevice:
        return u"unknown_device"_s;
    case ReportRejection::InactiveDriver:
        return u"inactive_driver"_s;
    case ReportRejection::Stale:
        return u"stale"_s;
    case ReportRejection::InvalidFix:
        return u"invalid_fix"_s;
    case ReportRejection::RateLimitedAddress:
        return u"rate_limited_address"_s;
    case ReportRejection::RateLimitedDevice:
        return u"rate_limited_device"_s;
    }
    return u"malformed"_s;
}

namespace OsmAnd {

ReportParse<OsmAndReport> parse(
    QByteArrayView query, QByteArrayView body, QByteArrayView contentType)
{
    if (body.size() > MaxRequestBodyBytes)
        return refuse<OsmAndReport>(
            ReportRejection::Malformed, u"body larger than %1 bytes"_s.arg(MaxRequestBodyBytes));
    if (!query.isEmpty()) {
        if (!body.isEmpty())
            return refuse<OsmAndReport>(ReportRejection::Malformed,
                u"give the report in the query or in the body, not both"_s);
        return parseParameters(query);
    }
    const QByteArray type = contentType.toByteArray().trimmed().toLower();
    if (type.startsWith("application/json"))
        return parseJson(body);
    if (body.isEmpty())
        return refuse<OsmAndReport>(
            ReportRejection::Malformed, u"no report: give 'id', 'lat', 'lon' and 'timestamp'"_s);
    return parseParameters(body);
}

} // namespace OsmAnd

ReportParse<PositionReport> parseDriverPosition(QByteArrayView body)
{
    QJsonObject json;
    if (const Error e = parseJsonObject(body.toByteArray(),
            { "lat"_L1, "lon"_L1, "at"_L1, "speedKmh"_L1, "bearing"_L1, "altitudeM"_L1,
                "accuracyM"_L1, "battery"_L1 },
            &json);
        !e.ok())
        return refuse<PositionReport>(ReportRejection::Malformed, e.message);
    PositionReport p;
    const QJsonValue at = json.value("at"_L1);
    const auto fix =
        at.isString() && at.toString().contains(u'T') ? toFixTime(at.toString()) : std::nullopt;
    if (!json.value("lat"_L1).isDouble() || !json.value("lon"_L1).isDouble() || !fix)
        return refuse<PositionReport>(ReportRejection::Malformed,
            u"'lat', 'lon' (numbers) and 'at' (an ISO 8601 time) are needed"_s);
    p.lat = json.value("lat"_L1).toDouble();
    p.lon = json.value("lon"_L1).toDouble();
    p.at = *fix;
    QString error;
    if (!jsonNumber(json, "speedKmh"_L1, &p.speedKmh, false, &error)
        || !jsonNumber(json, "bearing"_L1, &p.bearing, false, &error)
        || !jsonNumber(json, "altitudeM"_L1, &p.altitudeM, false, &error)
        || !jsonNumber(json, "accuracyM"_L1, &p.accuracyM, false, &error)
        || !jsonNumber(json, "battery"_L1, &p.battery, false, &error))
        return refuse<PositionReport>(ReportRejection::Malformed, error);
    if (const QString problem = rangeProblem(p, kDriverApiNames); !problem.isEmpty())
        return refuse<PositionReport>(ReportRejection::OutOfRange, problem);
    ReportParse<PositionReport> result;
    result.report = p;
    return result;
}

} // namespace Ops
