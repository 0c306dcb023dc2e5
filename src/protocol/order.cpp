#include "order.h"

#include <array>

#include <QJsonValue>

#include "jsonwriter.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

struct StatusName
{
    OrderStatus status;
    QStringView name;
};

constexpr std::array kStatusNames {
    StatusName { OrderStatus::New, u"new" },
    StatusName { OrderStatus::Assigned, u"assigned" },
    StatusName { OrderStatus::PickedUp, u"picked_up" },
    StatusName { OrderStatus::InTransit, u"in_transit" },
    StatusName { OrderStatus::Delivered, u"delivered" },
    StatusName { OrderStatus::Cancelled, u"cancelled" },
    StatusName { OrderStatus::Failed, u"failed" },
};

bool requireString(const QJsonObject &json, QLatin1StringView key, QString *out, QString *error,
    bool allowEmpty = false)
{
    const QJsonValue v = json.value(key);
    if (!v.isString() || (!allowEmpty && v.toString().isEmpty())) {
        *error = u"field '%1' must be a non-empty string"_s.arg(key);
        return false;
    }
    *out = v.toString();
    return true;
}

bool requireInteger(const QJsonObject &json, QLatin1StringView key, qint64 *out, QString *error)
{
    const QJsonValue v = json.value(key);
    // JSON numbers are doubles; accept only exact integers within the 53-bit safe range.
    const double d = v.toDouble();
    if (!v.isDouble() || d != static_cast<double>(static_cast<qint64>(d)) || d > 9007199254740991.0
        || d < -9007199254740991.0) {
        *error = u"field '%1' must be an integer"_s.arg(key);
        return false;
    }
    *out = static_cast<qint64>(d);
    return true;
}

bool requireTime(const QJsonObject &json, QLatin1StringView key, QDateTime *out, QString *error)
{
    const QJsonValue v = json.value(key);
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!v.isString() || !t.isValid()) {
        *error = u"field '%1' must be an ISO 8601 timestamp"_s.arg(key);
        return false;
    }
    *out = t;
    return true;
}

//! A position from \a latKey/\a lonKey: both numbers in range, or both absent (or null: a
//! change event that removes a position carries nulls).
bool readPosition(const QJsonObject &json, QLatin1StringView latKey, QLatin1StringView lonKey,
    std::optional<GeoPoint> *out, QString *error)
{
    const QJsonValue lat = json.value(latKey);
    const QJsonValue lon = json.value(lonKey);
    const bool noLat = lat.isUndefined() || lat.isNull();
    const bool noLon = lon.isUndefined() || lon.isNull();
    if (noLat != noLon) {
        *error = u"fields '%1' and '%2' come together"_s.arg(latKey, lonKey);
        return false;
    }
    out->reset();
    if (noLat)
        return true;
    if (!lat.isDouble() || !lon.isDouble()) {
        *error = u"fields '%1' and '%2' must be numbers"_s.arg(latKey, lonKey);
        return false;
    }
    const GeoPoint at { lat.toDouble(), lon.toDouble() };
    if (!(at.lat >= -90 && at.lat <= 90 && at.lon >= -180 && at.lon <= 180)) {
        *error = u"fields '%1' and '%2' out of range"_s.arg(latKey, lonKey);
        return false;
    }
    *out = at;
    return true;
}

} // namespace

QString toString(OrderStatus status)
{
    for (const auto &entry : kStatusNames) {
        if (entry.status == status)
            return entry.name.toString();
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<OrderStatus> orderStatusFromString(QStringView text)
{
    for (const auto &entry : kStatusNames) {
        if (entry.name == text)
            return entry.status;
    }
    return std::nullopt;
}

bool isFinal(OrderStatus status)
{
    return status == OrderStatus::Delivered || status == OrderStatus::Cancelled
        || status == OrderStatus::Failed;
}

bool canTransition(OrderStatus from, OrderStatus to)
{
    if (isFinal(from) || from == to)
        return false;
    if (to == OrderStatus::Cancelled || to == OrderStatus::Failed)
        return true;
    switch (from) {
    case OrderStatus::New:
        return to == OrderStatus::Assigned;
    case OrderStatus::Assigned:
        return to == OrderStatus::PickedUp || to == OrderStatus::New;
    case OrderStatus::PickedUp:
        return to == OrderStatus::InTransit;
    case OrderStatus::InTransit:
        return to == OrderStatus::Delivered;
    default:
        return false;
    }
}

QJsonObject Order::toJson() const
{
    QJsonObject json {
        { "id"_L1, id },
        { "customer"_L1, customer },
        { "region"_L1, region },
        { "pickup"_L1, pickup },
        { "dropoff"_L1, dropoff },
        { "status"_L1, toString(status) },
        { "amountCents"_L1, amountCents },
        { "dueAt"_L1, dueAt.toUTC().toString(Qt::ISODateWithMs) },
        { "updatedAt"_L1, updatedAt.toUTC().toString(Qt::ISODateWithMs) },
        { "version"_L1, version },
        { "driverId"_L1, driverId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(driverId) },
    };
    if (dropoffAt) {
        json.insert("lat"_L1, dropoffAt->lat);
        json.insert("lon"_L1, dropoffAt->lon);
    }
    if (pickupAt) {
        json.insert("pickupLat"_L1, pickupAt->lat);
        json.insert("pickupLon"_L1, pickupAt->lon);
    }
    json.insert("etaAt"_L1,
        etaAt.isValid() ? QJsonValue(etaAt.toUTC().toString(Qt::ISODateWithMs))
                        : QJsonValue(QJsonValue::Null));
    json.insert(
        "etaEstimate"_L1, etaAt.isValid() ? QJsonValue(etaEstimate) : QJsonValue(QJsonValue::Null));
    json.insert("windowStart"_L1,
        windowStart.isValid() ? QJsonValue(windowStart.toUTC().toString(Qt::ISODateWithMs))
                              : QJsonValue(QJsonValue::Null));
    json.insert("contactName"_L1, contactName);
    json.insert("contactPhone"_L1, contactPhone);
    json.insert("notes"_L1, notes);
    json.insert(
        "externalRef"_L1, externalRef.isEmpty() ? QJsonValue(QJsonValue::Null) : externalRef);
    return json;
}

void Order::appendJson(QByteArray &out) const
{
    using namespace JsonWriter;
    // The keys in QJsonObject's order (sorted), so the bytes are the ones toJson() encodes to.
    const auto key = [&out](QLatin1StringView name, bool first = false) {
        if (!first)
            out += ',';
        appendKey(out, name);
    };
    const auto stringOrNull = [&out](const QString &text) {
        if (text.isEmpty())
            out += "null";
        else
            appendString(out, text);
    };
    const auto timeOrNull = [&out](const QDateTime &time) {
        if (time.isValid())
            appendIsoTime(out, time);
        else
            out += "null";
    };
    out += '{';
    key("amountCents"_L1, true);
    appendInteger(out, amountCents);
    key("contactName"_L1);
    appendString(out, contactName);
    key("contactPhone"_L1);
    appendString(out, contactPhone);
    key("customer"_L1);
    appendString(out, customer);
    key("driverId"_L1);
    stringOrNull(driverId);
    key("dropoff"_L1);
    appendString(out, dropoff);
    key("dueAt"_L1);
    appendIsoTime(out, dueAt);
    key("etaAt"_L1);
    timeOrNull(etaAt);
    key("etaEstimate"_L1);
    out += etaAt.isValid() ? (etaEstimate ? "true" : "false") : "null";
    key("externalRef"_L1);
    stringOrNull(externalRef);
    key("id"_L1);
    appendString(out, id);
    if (dropoffAt) {
        key("lat"_L1);
        appendDouble(out, dropoffAt->lat);
        key("lon"_L1);
        appendDouble(out, dropoffAt->lon);
    }
    key("notes"_L1);
    appendString(out, notes);
    key("pickup"_L1);
    appendString(out, pickup);
    if (pickupAt) {
        key("pickupLat"_L1);
        appendDouble(out, pickupAt->lat);
        key("pickupLon"_L1);
        appendDouble(out, pickupAt->lon);
    }
    key("region"_L1);
    appendString(out, region);
    key("status"_L1);
    appendString(out, toString(status));
    key("updatedAt"_L1);
    appendIsoTime(out, updatedAt);
    key("version"_L1);
    appendInteger(out, version);
    key("windowStart"_L1);
    timeOrNull(windowStart);
    out += '}';
}

QByteArray Order::jsonArray(const QList<Order> &orders)
{
    QByteArray out;
    out.reserve(orders.size() * 512 + 2);
    out += '[';
    for (qsizetype i = 0; i < orders.size(); ++i) {
        if (i > 0)
            out += ',';
        orders.at(i).appendJson(out);
    }
    out += ']';
    return out;
}

std::optional<Order> Order::fromJson(const QJsonObject &json, QString *error)
{
    QString scratch;
    if (!error)
        error = &scratch;
    Order o;
    QString status;
    if (!requireString(json, "id"_L1, &o.id, error)
        || !requireString(json, "customer"_L1, &o.customer, error)
        || !requireString(json, "region"_L1, &o.region, error)
        || !requireString(json, "pickup"_L1, &o.pickup, error, true)
        || !requireString(json, "dropoff"_L1, &o.dropoff, error, true)
        || !requireString(json, "status"_L1, &status, error)
        || !requireInteger(json, "amountCents"_L1, &o.amountCents, error)
        || !requireTime(json, "dueAt"_L1, &o.dueAt, error)
        || !requireTime(json, "updatedAt"_L1, &o.updatedAt, error)
        || !requireInteger(json, "version"_L1, &o.version, error))
        return std::nullopt;
    const auto parsed = orderStatusFromString(status);
    if (!parsed) {
        *error = u"unknown order status '%1'"_s.arg(status);
        return std::nullopt;
    }
    o.status = *parsed;

    // Optional: older servers send neither.
    const QJsonValue driver = json.value("driverId"_L1);
    if (driver.isString() && !driver.toString().isEmpty()) {
        o.driverId = driver.toString();
    } else if (!driver.isUndefined() && !driver.isNull()) {
        *error = u"field 'driverId' must be a non-empty string or null"_s;
        return std::nullopt;
    }
    if (!readPosition(json, "lat"_L1, "lon"_L1, &o.dropoffAt, error)
        || !readPosition(json, "pickupLat"_L1, "pickupLon"_L1, &o.pickupAt, error))
        return std::nullopt;
    // Optional too (older servers send neither): an ISO time or null, and with it the flag.
    const QJsonValue eta = json.value("etaAt"_L1);
    const QJsonValue estimate = json.value("etaEstimate"_L1);
    if (!eta.isUndefined() && !eta.isNull()) {
        o.etaAt = QDateTime::fromString(eta.toString(), Qt::ISODateWithMs);
        if (!eta.isString() || !o.etaAt.isValid()) {
            *error = u"field 'etaAt' must be an ISO 8601 timestamp or null"_s;
            return std::nullopt;
        }
        if (!estimate.isBool()) {
            *error = u"field 'etaEstimate' must be true or false with an 'etaAt'"_s;
            return std::nullopt;
        }
        o.etaEstimate = estimate.toBool();
    } else if (!estimate.isUndefined() && !estimate.isNull()) {
        *error = u"field 'etaEstimate' must be null without an 'etaAt'"_s;
        return std::nullopt;
    }
    // Optional too: servers before order intake send none of these.
    const QJsonValue window = json.value("windowStart"_L1);
    if (!window.isUndefined() && !window.isNull()) {
        o.windowStart = QDateTime::fromString(window.toString(), Qt::ISODateWithMs);
        if (!window.isString() || !o.windowStart.isValid()) {
            *error = u"field 'windowStart' must be an ISO 8601 timestamp or null"_s;
            return std::nullopt;
        }
    }
    for (const auto &[key, member] : { std::pair { "contactName"_L1, &Order::contactName },
             std::pair { "contactPhone"_L1, &Order::contactPhone },
             std::pair { "notes"_L1, &Order::notes } }) {
        const QJsonValue v = json.value(key);
        if (!v.isUndefined() && !v.isString()) {
            *error = u"field '%1' must be a string"_s.arg(key);
            return std::nullopt;
        }
        o.*member = v.toString();
    }
    const QJsonValue ref = json.value("externalRef"_L1);
    if (ref.isString() && !ref.toString().isEmpty()) {
        o.externalRef = ref.toString();
    } else if (!ref.isUndefined() && !ref.isNull()) {
        *error = u"field 'externalRef' must be a non-empty string or null"_s;
        return std::nullopt;
    }
    return o;
}

} // namespace Ops
