#include "order.h"

#include <array>

#include <QJsonValue>

#include "jsonfields.h"
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

//! \a key as a non-empty string; absent or null leaves \a out empty.
bool readStringOrNull(const QJsonObject &json, QLatin1StringView key, QString *out, QString *error)
{
    const QJsonValue v = json.value(key);
    if (v.isString() && !v.toString().isEmpty()) {
        *out = v.toString();
    } else if (!v.isUndefined() && !v.isNull()) {
        *error = u"field '%1' must be a non-empty string or null"_s.arg(key);
        return false;
    }
    return true;
}

//! \a key as an ISO 8601 timestamp; absent or null leaves \a out invalid.
bool readTimeOrNull(const QJsonObject &json, QLatin1StringView key, QDateTime *out, QString *error)
{
    const QJsonValue v = json.value(key);
    if (v.isUndefined() || v.isNull())
        return true;
    *out = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!v.isString() || !out->isValid()) {
        *error = u"field '%1' must be an ISO 8601 timestamp or null"_s.arg(key);
        return false;
    }
    return true;
}

//! The counterpart of readPosition(): both members, or neither without a position.
void insertPosition(QJsonObject &json, QLatin1StringView latKey, QLatin1StringView lonKey,
    const std::optional<GeoPoint> &at)
{
    if (!at)
        return;
    json.insert(latKey, at->lat);
    json.insert(lonKey, at->lon);
}

QJsonValue stringOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(JsonFields::isoTime(time)) : QJsonValue(QJsonValue::Null);
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
        { "dueAt"_L1, JsonFields::isoTime(dueAt) },
        { "updatedAt"_L1, JsonFields::isoTime(updatedAt) },
        { "version"_L1, version },
        { "driverId"_L1, stringOrNull(driverId) },
    };
    insertPosition(json, "lat"_L1, "lon"_L1, dropoffAt);
    insertPosition(json, "pickupLat"_L1, "pickupLon"_L1, pickupAt);
    json.insert("etaAt"_L1, timeOrNull(etaAt));
    json.insert(
        "etaEstimate"_L1, etaAt.isValid() ? QJsonValue(etaEstimate) : QJsonValue(QJsonValue::Null));
    json.insert("windowStart"_L1, timeOrNull(windowStart));
    json.insert("contactName"_L1, contactName);
    json.insert("contactPhone"_L1, contactPhone);
    json.insert("notes"_L1, notes);
    json.insert("externalRef"_L1, stringOrNull(externalRef));
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
    const auto appendStringOrNull = [&out](const QString &text) {
        if (text.isEmpty())
            out += "null";
        else
            appendString(out, text);
    };
    const auto appendTimeOrNull = [&out](const QDateTime &time) {
        if (time.isValid())
            appendIsoTime(out, time);
        else
            out += "null";
    };
    // As insertPosition(): both members, or neither without a position.
    const auto appendPosition = [&](QLatin1StringView latKey, QLatin1StringView lonKey,
                                    const std::optional<GeoPoint> &at) {
        if (!at)
            return;
        key(latKey);
        appendDouble(out, at->lat);
        key(lonKey);
        appendDouble(out, at->lon);
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
    appendStringOrNull(driverId);
    key("dropoff"_L1);
    appendString(out, dropoff);
    key("dueAt"_L1);
    appendIsoTime(out, dueAt);
    key("etaAt"_L1);
    appendTimeOrNull(etaAt);
    key("etaEstimate"_L1);
    out += etaAt.isValid() ? (etaEstimate ? "true" : "false") : "null";
    key("externalRef"_L1);
    appendStringOrNull(externalRef);
    key("id"_L1);
    appendString(out, id);
    appendPosition("lat"_L1, "lon"_L1, dropoffAt);
    key("notes"_L1);
    appendString(out, notes);
    key("pickup"_L1);
    appendString(out, pickup);
    appendPosition("pickupLat"_L1, "pickupLon"_L1, pickupAt);
    key("region"_L1);
    appendString(out, region);
    key("status"_L1);
    appendString(out, toString(status));
    key("updatedAt"_L1);
    appendIsoTime(out, updatedAt);
    key("version"_L1);
    appendInteger(out, version);
    key("windowStart"_L1);
    appendTimeOrNull(windowStart);
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
    using namespace JsonFields;
    if (!readString(json, "id"_L1, &o.id, error)
        || !readString(json, "customer"_L1, &o.customer, error)
        || !readString(json, "region"_L1, &o.region, error)
        || !readString(json, "pickup"_L1, &o.pickup, error, true)
        || !readString(json, "dropoff"_L1, &o.dropoff, error, true)
        || !readString(json, "status"_L1, &status, error)
        || !readInteger(json, "amountCents"_L1, &o.amountCents, error)
        || !readTime(json, "dueAt"_L1, &o.dueAt, error)
        || !readTime(json, "updatedAt"_L1, &o.updatedAt, error)
        || !readInteger(json, "version"_L1, &o.version, error))
        return std::nullopt;
    const auto parsed = orderStatusFromString(status);
    if (!parsed) {
        *error = u"unknown order status '%1'"_s.arg(status);
        return std::nullopt;
    }
    o.status = *parsed;

    // Optional: older servers send none of these.
    if (!readStringOrNull(json, "driverId"_L1, &o.driverId, error)
        || !readPosition(json, "lat"_L1, "lon"_L1, &o.dropoffAt, error)
        || !readPosition(json, "pickupLat"_L1, "pickupLon"_L1, &o.pickupAt, error))
        return std::nullopt;
    // Optional too (older servers send neither): an ISO time or null, and with it the flag.
    if (!readTimeOrNull(json, "etaAt"_L1, &o.etaAt, error))
        return std::nullopt;
    const QJsonValue estimate = json.value("etaEstimate"_L1);
    if (o.etaAt.isValid()) {
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
    if (!readTimeOrNull(json, "windowStart"_L1, &o.windowStart, error))
        return std::nullopt;
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
    if (!readStringOrNull(json, "externalRef"_L1, &o.externalRef, error))
        return std::nullopt;
    return o;
}

} // namespace Ops
