#include "trailpoint.h"

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QJsonValue orNull(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

bool readOptional(
    const QJsonObject &json, QLatin1StringView key, std::optional<double> *out, QString *error)
{
    const QJsonValue v = json.value(key);
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isDouble()) {
        *error = u"field '%1' must be a number or null"_s.arg(key);
        return false;
    }
    *out = v.toDouble();
    return true;
}

} // namespace

QJsonObject TrailPoint::toJson() const
{
    return QJsonObject {
        { "at"_L1, JsonFields::isoTime(at) },
        { "lat"_L1, lat },
        { "lon"_L1, lon },
        { "accuracyM"_L1, orNull(accuracyM) },
        { "speedKmh"_L1, orNull(speedKmh) },
        { "bearing"_L1, orNull(bearing) },
        { "battery"_L1, orNull(battery) },
        { "source"_L1, source.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(source) },
    };
}

std::optional<TrailPoint> TrailPoint::fromJson(const QJsonObject &json, QString *error)
{
    QString scratch;
    if (!error)
        error = &scratch;
    using namespace JsonFields;
    TrailPoint p;
    if (!readTime(json, "at"_L1, &p.at, error) || !readDouble(json, "lat"_L1, &p.lat, error)
        || !readDouble(json, "lon"_L1, &p.lon, error)
        || !readOptional(json, "accuracyM"_L1, &p.accuracyM, error)
        || !readOptional(json, "speedKmh"_L1, &p.speedKmh, error)
        || !readOptional(json, "bearing"_L1, &p.bearing, error)
        || !readOptional(json, "battery"_L1, &p.battery, error))
        return std::nullopt;
    if (p.lat < -90 || p.lat > 90 || p.lon < -180 || p.lon > 180) {
        *error = u"trail point out of range"_s;
        return std::nullopt;
    }
    const QJsonValue source = json.value("source"_L1);
    if (source.isString())
        p.source = source.toString();
    else if (!source.isNull() && !source.isUndefined()) {
        *error = u"field 'source' must be a string or null"_s;
        return std::nullopt;
    }
    return p;
}

} // namespace Ops
