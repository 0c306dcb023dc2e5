#include "driver.h"

#include <array>

#include <QJsonArray>

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

struct StatusName
{
    DriverStatus status;
    QStringView name;
};

constexpr std::array kStatusNames {
    StatusName { DriverStatus::Offline, u"offline" },
    StatusName { DriverStatus::Idle, u"idle" },
    StatusName { DriverStatus::EnRoute, u"en_route" },
    StatusName { DriverStatus::OnBreak, u"on_break" },
};

QJsonValue orNull(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonValue textOrNull(const QString &value)
{
    return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QJsonValue timeOrNull(const QDateTime &value)
{
    return value.isValid() ? QJsonValue(JsonFields::isoTime(value)) : QJsonValue(QJsonValue::Null);
}

//! An optional number: missing or null is unset, anything but a number is an error.
bool readOptionalDouble(
    const QJsonObject &json, QLatin1StringView key, std::optional<double> *out, QString *error)
{
    const QJsonValue v = json.value(key);
    if (v.isUndefined() || v.isNull()) {
        out->reset();
        return true;
    }
    if (!v.isDouble()) {
        *error = u"field '%1' must be a number or null"_s.arg(key);
        return false;
    }
    *out = v.toDouble();
    return true;
}

bool readOptionalText(const QJsonObject &json, QLatin1StringView key, QString *out, QString *error)
{
    const QJsonValue v = json.value(key);
    if (v.isUndefined() || v.isNull()) {
        out->clear();
        return true;
    }
    if (!v.isString()) {
        *error = u"field '%1' must be a string or null"_s.arg(key);
        return false;
    }
    *out = v.toString();
    return true;
}

bool readOptionalTime(
    const QJsonObject &json, QLatin1StringView key, QDateTime *out, QString *error)
{
    const QJsonValue v = json.value(key);
    if (v.isUndefined() || v.isNull()) {
        *out = QDateTime();
        return true;
    }
    return JsonFields::readTime(json, key, out, error);
}

} // namespace

QString toString(DriverStatus status)
{
    for (const auto &entry : kStatusNames) {
        if (entry.status == status)
            return entry.name.toString();
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<DriverStatus> driverStatusFromString(QStringView text)
{
    for (const auto &entry : kStatusNames) {
        if (entry.name == text)
            return entry.status;
    }
    return std::nullopt;
}

QJsonObject DriverDevice::toJson() const
{
    return QJsonObject {
        { "id"_L1, id },
        { "label"_L1, label },
        { "registeredAt"_L1, timeOrNull(registeredAt) },
    };
}

const DriverDevice *Driver::deviceByKeyHash(const QByteArray &keySha256) const
{
    for (const DriverDevice &device : devices) {
        if (device.keySha256 == keySha256)
            return &device;
    }
    return nullptr;
}

QJsonObject Driver::liveFields() const
{
    return QJsonObject {
        { "status"_L1, toString(status) },
        { "lat"_L1, hasPosition() ? QJsonValue(lat) : QJsonValue(QJsonValue::Null) },
        { "lon"_L1, hasPosition() ? QJsonValue(lon) : QJsonValue(QJsonValue::Null) },
        { "lastSeenAt"_L1, timeOrNull(lastSeenAt) },
        { "positionAt"_L1, timeOrNull(positionAt) },
        { "positionSource"_L1, textOrNull(positionSource) },
        { "positionDevice"_L1, textOrNull(positionDevice) },
        { "battery"_L1, orNull(battery) },
        { "speedKmh"_L1, orNull(speedKmh) },
        { "bearing"_L1, orNull(bearing) },
        { "accuracyM"_L1, orNull(accuracyM) },
    };
}

QJsonObject Driver::toJson() const
{
    QJsonObject json = liveFields();
    json.insert("id"_L1, id);
    json.insert("name"_L1, name);
    json.insert("region"_L1, region);
    json.insert("version"_L1, version);
    json.insert("phone"_L1, phone);
    json.insert("vehicle"_L1, vehicle);
    json.insert("active"_L1, active);
    QJsonArray list;
    for (const DriverDevice &device : devices)
        list.append(device.toJson());
    json.insert("devices"_L1, list);
    return json;
}

std::optional<Driver> Driver::fromJson(const QJsonObject &json, QString *error)
{
    QString scratch;
    if (!error)
        error = &scratch;
    using namespace JsonFields;
    Driver d;
    QString status;
    if (!readString(json, "id"_L1, &d.id, error) || !readString(json, "name"_L1, &d.name, error)
        || !readString(json, "region"_L1, &d.region, error)
        || !readString(json, "status"_L1, &status, error)
        || !readOptionalTime(json, "lastSeenAt"_L1, &d.lastSeenAt, error)
        || !readInteger(json, "version"_L1, &d.version, error)
        || !readOptionalText(json, "phone"_L1, &d.phone, error)
        || !readOptionalText(json, "vehicle"_L1, &d.vehicle, error)
        || !readOptionalTime(json, "positionAt"_L1, &d.positionAt, error)
        || !readOptionalText(json, "positionSource"_L1, &d.positionSource, error)
        || !readOptionalText(json, "positionDevice"_L1, &d.positionDevice, error)
        || !readOptionalDouble(json, "battery"_L1, &d.battery, error)
        || !readOptionalDouble(json, "speedKmh"_L1, &d.speedKmh, error)
        || !readOptionalDouble(json, "bearing"_L1, &d.bearing, error)
        || !readOptionalDouble(json, "accuracyM"_L1, &d.accuracyM, error))
        return std::nullopt;
    const auto parsed = driverStatusFromString(status);
    if (!parsed) {
        *error = u"unknown driver status '%1'"_s.arg(status.left(64));
        return std::nullopt;
    }
    d.status = *parsed;
    const QJsonValue lat = json.value("lat"_L1);
    const QJsonValue lon = json.value("lon"_L1);
    if (lat.isDouble() && lon.isDouble()) {
        d.lat = lat.toDouble();
        d.lon = lon.toDouble();
        if (d.lat < -90 || d.lat > 90 || d.lon < -180 || d.lon > 180) {
            *error = u"driver position out of range"_s;
            return std::nullopt;
        }
        // An older server has no positionAt: its position is as old as its last report.
        if (!d.positionAt.isValid())
            d.positionAt =
                d.lastSeenAt.isValid() ? d.lastSeenAt : QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    } else if (!(lat.isNull() || lat.isUndefined()) || !(lon.isNull() || lon.isUndefined())) {
        *error = u"fields 'lat' and 'lon' must both be numbers or both null"_s;
        return std::nullopt;
    } else {
        d.positionAt = QDateTime();
    }
    const QJsonValue active = json.value("active"_L1);
    if (!active.isUndefined() && !active.isBool()) {
        *error = u"field 'active' must be a boolean"_s;
        return std::nullopt;
    }
    d.active = active.toBool(true);
    const QJsonValue devices = json.value("devices"_L1);
    if (!devices.isUndefined() && !devices.isArray()) {
        *error = u"field 'devices' must be an array"_s;
        return std::nullopt;
    }
    for (const QJsonValue &v : devices.toArray()) {
        DriverDevice device;
        if (!v.isObject() || !readString(v.toObject(), "id"_L1, &device.id, error)
            || !readString(v.toObject(), "label"_L1, &device.label, error, true)
            || !readOptionalTime(v.toObject(), "registeredAt"_L1, &device.registeredAt, error)) {
            if (!v.isObject())
                *error = u"field 'devices' must hold objects"_s;
            return std::nullopt;
        }
        d.devices.append(device);
    }
    return d;
}

} // namespace Ops
