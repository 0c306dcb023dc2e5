#include "validation.h"

#include <algorithm>
#include <cmath>

#include <QJsonDocument>
#include <QRegularExpression>

#include "driverservice.h"
#include "orderservice.h"
#include "protocol/jsonfields.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

Error fieldError(const QString &field, const QString &reason, QString *fieldOut)
{
    if (fieldOut)
        *fieldOut = field;
    return Error { ErrorKind::BadRequest, u"'%1' %2"_s.arg(field, reason) };
}

//! A JSON string for a text field: the same rule as the CSV cell.
std::optional<QString> jsonText(
    const QJsonValue &v, qsizetype maxLength, bool required, bool multiline, QString *out)
{
    if (!v.isString())
        return u"must be a string"_s;
    return OrderFields::text(v.toString(), maxLength, required, multiline, out);
}

std::optional<QString> jsonTime(const QJsonValue &v, QDateTime *out)
{
    if (!v.isString())
        return u"must be an ISO 8601 time with a zone, e.g. 2026-11-22T18:40:00Z"_s;
    return OrderFields::time(v.toString(), out);
}

//! A pair of coordinate keys: both numbers in range, both absent, or both null (\a allowNull:
//! that removes the position; otherwise the same as absent).
std::optional<QString> jsonPosition(const QJsonObject &json, QLatin1StringView latKey,
    QLatin1StringView lonKey, bool allowNull, std::optional<std::optional<GeoPoint>> *out,
    QString *field)
{
    const QJsonValue lat = json.value(latKey);
    const QJsonValue lon = json.value(lonKey);
    if (lat.isUndefined() && lon.isUndefined())
        return std::nullopt;
    // The one that is missing is the one to fix.
    *field = lat.isUndefined() ? QString(latKey) : QString(lonKey);
    if (lat.isUndefined() || lon.isUndefined())
        return u"is required with '%1'"_s.arg(lat.isUndefined() ? lonKey : latKey);
    *field = latKey;
    if (lat.isNull() && lon.isNull()) {
        if (allowNull)
            *out = std::optional<GeoPoint>();
        return std::nullopt;
    }
    if (!lat.isDouble())
        return u"must be a number (degrees)"_s;
    if (auto why = OrderFields::coordinate(lat.toDouble(), 90))
        return why;
    *field = lonKey;
    if (!lon.isDouble())
        return u"must be a number (degrees)"_s;
    if (auto why = OrderFields::coordinate(lon.toDouble(), 180))
        return why;
    *out = std::optional<GeoPoint>(GeoPoint { lat.toDouble(), lon.toDouble() });
    return std::nullopt;
}

std::optional<QString> jsonAmount(const QJsonValue &v, qint64 *out)
{
    const double d = v.toDouble();
    if (!v.isDouble() || d != std::floor(d) || d > 9007199254740991.0 || d < -9007199254740991.0)
        return u"must be a whole number of cents"_s;
    if (auto why = OrderFields::amountCents(qint64(d)))
        return why;
    *out = qint64(d);
    return std::nullopt;
}

} // namespace

Error badRequest(const QString &message)
{
    return Error { ErrorKind::BadRequest, message };
}

std::optional<QJsonDocument> parseJsonDocument(const QByteArray &bytes, QString *why)
{
    QJsonParseError parseError;
    QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error == QJsonParseError::NoError)
        return doc;
    *why =
        u"malformed JSON at offset %1: %2"_s.arg(parseError.offset).arg(parseError.errorString());
    return std::nullopt;
}

Error parseJsonObject(
    const QByteArray &body, std::initializer_list<QLatin1StringView> allowed, QJsonObject *out)
{
    if (body.size() > MaxRequestBodyBytes)
        return Error { ErrorKind::PayloadTooLarge,
            u"body larger than %1 bytes"_s.arg(MaxRequestBodyBytes) };
    QString malformed;
    const auto doc = parseJsonDocument(body, &malformed);
    if (!doc)
        return badRequest(malformed);
    if (!doc->isObject())
        return Error { ErrorKind::BadRequest, u"body must be a JSON object"_s };
    // QJsonDocument keeps the last of two equal keys; a body that says two things is refused,
    // as a repeated query parameter is.
    if (const auto key = JsonFields::duplicateKey(body))
        return Error { ErrorKind::BadRequest, u"duplicate field '%1'"_s.arg(key->left(64)) };
    const QJsonObject json = doc->object();
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
            return Error { ErrorKind::BadRequest, u"unknown field '%1'"_s.arg(it.key().left(64)) };
    }
    *out = json;
    return {};
}

namespace {

//! parseJsonObject() for an order body: a refusal of an unknown field goes on to say which
//! fields the body takes (\a takes).
Error parseOrderBody(const QByteArray &body, std::initializer_list<QLatin1StringView> allowed,
    const QString &takes, QJsonObject *out)
{
    Error e = parseJsonObject(body, allowed, out);
    if (e.kind == ErrorKind::BadRequest && e.message.startsWith(u"unknown field"_s))
        e.message += u"; "_s + takes;
    return e;
}

} // namespace

Error parseOrderCreate(const QByteArray &body, const QDateTime &now, Order *out, QString *field)
{
    QJsonObject json;
    if (Error e = parseOrderBody(body,
            { "customer"_L1, "region"_L1, "pickup"_L1, "dropoff"_L1, "dueAt"_L1, "amountCents"_L1,
                "contactName"_L1, "contactPhone"_L1, "notes"_L1, "externalRef"_L1, "windowStart"_L1,
                "pickupLat"_L1, "pickupLon"_L1, "lat"_L1, "lon"_L1 },
            u"an order takes customer, region, pickup, dropoff, dueAt, amountCents, contactName, "
            "contactPhone, notes, externalRef, windowStart, pickupLat, pickupLon, lat, lon"_s,
            &json);
        !e.ok())
        return e;
    Order o;
    const auto check = [&](QLatin1StringView key, const std::optional<QString> &why) {
        return why ? fieldError(key, *why, field) : Error {};
    };
    const auto required = [&](QLatin1StringView key) {
        return json.value(key).isUndefined() || json.value(key).isNull()
            ? fieldError(key, u"is required"_s, field)
            : Error {};
    };
    for (const auto key :
        { "customer"_L1, "region"_L1, "pickup"_L1, "dropoff"_L1, "dueAt"_L1, "amountCents"_L1 }) {
        if (Error e = required(key); !e.ok())
            return e;
    }
    Error e = check("customer"_L1,
        jsonText(json.value("customer"_L1), OrderFields::MaxNameLength, true, false, &o.customer));
    if (e.ok())
        e = check("region"_L1,
            json.value("region"_L1).isString()
                ? OrderFields::region(json.value("region"_L1).toString(), &o.region)
                : std::optional(u"must be a string"_s));
    if (e.ok())
        e = check("pickup"_L1,
            jsonText(
                json.value("pickup"_L1), OrderFields::MaxAddressLength, true, false, &o.pickup));
    if (e.ok())
        e = check("dropoff"_L1,
            jsonText(
                json.value("dropoff"_L1), OrderFields::MaxAddressLength, true, false, &o.dropoff));
    if (e.ok())
        e = check("dueAt"_L1, jsonTime(json.value("dueAt"_L1), &o.dueAt));
    if (e.ok())
        e = check("amountCents"_L1, jsonAmount(json.value("amountCents"_L1), &o.amountCents));
    const auto optional = [&](QLatin1StringView key, auto &&checker) {
        const QJsonValue v = json.value(key);
        if (!e.ok() || v.isUndefined() || v.isNull())
            return;
        e = check(key, checker(v));
    };
    optional("contactName"_L1, [&](const QJsonValue &v) {
        return jsonText(v, OrderFields::MaxNameLength, false, false, &o.contactName);
    });
    optional("contactPhone"_L1, [&](const QJsonValue &v) {
        return v.isString() ? OrderFields::phone(v.toString(), &o.contactPhone)
                            : std::optional(u"must be a string"_s);
    });
    optional("notes"_L1, [&](const QJsonValue &v) {
        return jsonText(v, OrderFields::MaxNotesLength, false, true, &o.notes);
    });
    optional("externalRef"_L1, [&](const QJsonValue &v) {
        return v.isString() ? OrderFields::externalRef(v.toString(), &o.externalRef)
                            : std::optional(u"must be a string"_s);
    });
    optional("windowStart"_L1, [&](const QJsonValue &v) { return jsonTime(v, &o.windowStart); });
    if (!e.ok())
        return e;
    for (const auto &[latKey, lonKey, member] :
        { std::tuple { "pickupLat"_L1, "pickupLon"_L1, &Order::pickupAt },
            std::tuple { "lat"_L1, "lon"_L1, &Order::dropoffAt } }) {
        std::optional<std::optional<GeoPoint>> position;
        QString which;
        if (auto why = jsonPosition(json, latKey, lonKey, false, &position, &which))
            return fieldError(which, *why, field);
        if (position)
            o.*member = *position;
    }
    if (const auto problem = validateOrder(o, now))
        return fieldError(problem->field, problem->reason, field);
    o.status = OrderStatus::New;
    *out = o;
    return {};
}

Error parseOrderPatch(const QByteArray &body, OrderChange *out, QString *field)
{
    QJsonObject json;
    if (Error e = parseOrderBody(body,
            { "status"_L1, "driverId"_L1, "reason"_L1, "pickup"_L1, "pickupLat"_L1, "pickupLon"_L1,
                "dropoff"_L1, "lat"_L1, "lon"_L1, "dueAt"_L1, "windowStart"_L1, "contactName"_L1,
                "contactPhone"_L1, "notes"_L1, "amountCents"_L1 },
            u"a PATCH may change status, driverId, pickup, pickupLat, pickupLon, dropoff, lat, "
            u"lon, "
            "dueAt, windowStart, contactName, contactPhone, notes and amountCents, with a reason"_s,
            &json);
        !e.ok())
        return e;
    OrderChange change;
    const QJsonValue status = json.value("status"_L1);
    if (!status.isUndefined()) {
        if (!status.isString())
            return fieldError(u"status"_s, u"must be a string"_s, field);
        const auto parsed = orderStatusFromString(status.toString());
        if (!parsed) {
            if (field)
                *field = u"status"_s;
            return Error { ErrorKind::BadRequest,
                u"unknown status '%1'"_s.arg(status.toString().left(64)) };
        }
        change.status = *parsed;
    }
    const QJsonValue driver = json.value("driverId"_L1);
    if (driver.isNull()) {
        change.driverId = QString();
    } else if (!driver.isUndefined()) {
        if (!driver.isString() || driver.toString().isEmpty() || driver.toString().size() > 64)
            return fieldError(
                u"driverId"_s, u"must be a driver id (1 to 64 characters) or null"_s, field);
        change.driverId = driver.toString();
    }
    const QJsonValue reason = json.value("reason"_L1);
    if (!reason.isUndefined()) {
        if (const auto why =
                jsonText(reason, OrderService::MaxReasonLength, true, true, &change.reason))
            return fieldError(u"reason"_s, *why, field);
    }
    OrderEdit &edit = change.edit;
    const auto textField = [&](QLatin1StringView key, qsizetype maxLength, bool required,
                               bool multiline, std::optional<QString> *member) -> Error {
        const QJsonValue v = json.value(key);
        if (v.isUndefined())
            return {};
        QString value;
        if (const auto why = jsonText(v, maxLength, required, multiline, &value))
            return fieldError(key, *why, field);
        *member = value;
        return {};
    };
    for (Error e :
        { textField("pickup"_L1, OrderFields::MaxAddressLength, true, false, &edit.pickup),
            textField("dropoff"_L1, OrderFields::MaxAddressLength, true, false, &edit.dropoff),
            textField(
                "contactName"_L1, OrderFields::MaxNameLength, false, false, &edit.contactName),
            textField("notes"_L1, OrderFields::MaxNotesLength, false, true, &edit.notes) }) {
        if (!e.ok())
            return e;
    }
    if (const QJsonValue v = json.value("contactPhone"_L1); !v.isUndefined()) {
        QString value;
        if (const auto why = v.isString() ? OrderFields::phone(v.toString(), &value)
                                          : std::optional(u"must be a string"_s))
            return fieldError(u"contactPhone"_s, *why, field);
        edit.contactPhone = value;
    }
    if (const QJsonValue v = json.value("dueAt"_L1); !v.isUndefined()) {
        QDateTime value;
        if (const auto why = jsonTime(v, &value))
            return fieldError(u"dueAt"_s, *why, field);
        edit.dueAt = value;
    }
    if (const QJsonValue v = json.value("windowStart"_L1); !v.isUndefined()) {
        QDateTime value; // null: no window any more
        if (!v.isNull()) {
            if (const auto why = jsonTime(v, &value))
                return fieldError(u"windowStart"_s, *why, field);
        }
        edit.windowStart = value;
    }
    if (const QJsonValue v = json.value("amountCents"_L1); !v.isUndefined()) {
        qint64 value = 0;
        if (const auto why = jsonAmount(v, &value))
            return fieldError(u"amountCents"_s, *why, field);
        edit.amountCents = value;
    }
    QString which;
    if (const auto why =
            jsonPosition(json, "pickupLat"_L1, "pickupLon"_L1, true, &edit.pickupAt, &which))
        return fieldError(which, *why, field);
    if (const auto why = jsonPosition(json, "lat"_L1, "lon"_L1, true, &edit.dropoffAt, &which))
        return fieldError(which, *why, field);
    if (!change.status && !change.driverId && edit.isEmpty()) {
        return Error { ErrorKind::BadRequest,
            u"the body needs 'status', 'driverId' or a field to edit"_s };
    }
    *out = change;
    return {};
}

namespace {

bool hasControl(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control || c == QChar::LineSeparator
            || c == QChar::ParagraphSeparator;
    });
}

//! A string field of at most \a max characters (at least one unless \a allowEmpty), no
//! control characters; leading and trailing spaces are dropped.
Error readText(const QJsonObject &json, QLatin1StringView key, int max, bool allowEmpty,
    std::optional<QString> *out)
{
    const QJsonValue v = json.value(key);
    if (v.isUndefined())
        return {};
    const QString text = v.toString().trimmed();
    if (!v.isString() || (!allowEmpty && text.isEmpty()) || text.size() > max || hasControl(text))
        return badRequest(u"'%1' must be a string of %2 to %3 characters"_s.arg(key)
                              .arg(allowEmpty ? 0 : 1)
                              .arg(max));
    *out = text;
    return {};
}

Error checkRegion(const QString &region)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9_-]{1,64}$"_s);
    if (!pattern.match(region).hasMatch())
        return badRequest(u"'region' must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -"_s);
    return {};
}

Error checkPhone(const QString &phone)
{
    static const QRegularExpression pattern(u"^[0-9 +()./-]{3,32}$"_s);
    const auto digits =
        std::count_if(phone.cbegin(), phone.cend(), [](QChar c) { return c.isDigit(); });
    if (!phone.isEmpty() && (!pattern.match(phone).hasMatch() || digits < 3))
        return badRequest(u"'phone' must be empty or a phone number: 3 to 32 digits, spaces and "
                          "+()./- with at least 3 digits"_s);
    return {};
}

//! The fields a manager writes, shared by POST and PATCH.
Error readDriverFields(const QJsonObject &json, DriverChange *out)
{
    if (Error e = readText(json, "name"_L1, 100, false, &out->name); !e.ok())
        return e;
    if (Error e = readText(json, "region"_L1, 64, false, &out->region); !e.ok())
        return e;
    if (out->region) {
        if (Error e = checkRegion(*out->region); !e.ok())
            return e;
    }
    if (Error e = readText(json, "phone"_L1, 32, true, &out->phone); !e.ok())
        return e;
    if (out->phone) {
        if (Error e = checkPhone(*out->phone); !e.ok())
            return e;
    }
    if (Error e = readText(json, "vehicle"_L1, 100, true, &out->vehicle); !e.ok())
        return e;
    const QJsonValue active = json.value("active"_L1);
    if (!active.isUndefined()) {
        if (!active.isBool())
            return badRequest(u"'active' must be true or false"_s);
        out->active = active.toBool();
    }
    return {};
}

} // namespace

Error parseDriverDraft(const QByteArray &body, DriverDraft *out)
{
    QJsonObject json;
    if (Error e = parseJsonObject(body,
            { "id"_L1, "name"_L1, "region"_L1, "phone"_L1, "vehicle"_L1, "active"_L1 }, &json);
        !e.ok())
        return e;
    DriverChange fields;
    if (Error e = readDriverFields(json, &fields); !e.ok())
        return e;
    if (!fields.name || !fields.region)
        return badRequest(u"a driver needs 'name' and 'region'"_s);
    DriverDraft draft;
    const QJsonValue id = json.value("id"_L1);
    if (!id.isUndefined()) {
        static const QRegularExpression pattern(u"^[A-Za-z0-9_-]{1,32}$"_s);
        if (!id.isString() || !pattern.match(id.toString()).hasMatch())
            return badRequest(u"'id' must be 1 to 32 characters of A-Z, a-z, 0-9, _ and -"_s);
        draft.id = id.toString();
    }
    draft.name = *fields.name;
    draft.region = *fields.region;
    draft.phone = fields.phone.value_or(QString());
    draft.vehicle = fields.vehicle.value_or(QString());
    draft.active = fields.active.value_or(true);
    *out = draft;
    return {};
}

Error parseDriverPatch(const QByteArray &body, DriverChange *out)
{
    QJsonObject json;
    if (Error e = parseJsonObject(
            body, { "name"_L1, "region"_L1, "phone"_L1, "vehicle"_L1, "active"_L1 }, &json);
        !e.ok()) {
        if (e.kind == ErrorKind::BadRequest && e.message.startsWith(u"unknown field"_s))
            e.message += u"; a driver's name, phone, vehicle, region and active may be changed"_s;
        return e;
    }
    DriverChange change;
    if (Error e = readDriverFields(json, &change); !e.ok())
        return e;
    if (json.isEmpty())
        return badRequest(
            u"the body needs one of 'name', 'phone', 'vehicle', 'region', 'active'"_s);
    *out = change;
    return {};
}

Error parseDeviceRegistration(const QByteArray &body, QString *label)
{
    label->clear();
    if (body.trimmed().isEmpty())
        return {};
    QJsonObject json;
    if (Error e = parseJsonObject(body, { "label"_L1 }, &json); !e.ok())
        return e;
    std::optional<QString> text;
    if (Error e = readText(json, "label"_L1, 100, true, &text); !e.ok())
        return e;
    *label = text.value_or(QString());
    return {};
}

Error parseDriverOrderReport(const QByteArray &body, DriverOrderReport *out)
{
    QJsonObject json;
    if (Error e = parseJsonObject(body, { "status"_L1, "reason"_L1, "note"_L1, "photo"_L1 }, &json);
        !e.ok())
        return e;
    DriverOrderReport report;
    const QJsonValue status = json.value("status"_L1);
    const auto parsed = orderStatusFromString(status.toString());
    if (!status.isString() || !parsed
        || (*parsed != OrderStatus::PickedUp && *parsed != OrderStatus::InTransit
            && *parsed != OrderStatus::Delivered && *parsed != OrderStatus::Failed))
        return badRequest(u"'status' must be picked_up, in_transit, delivered or failed"_s);
    report.status = *parsed;
    std::optional<QString> reason;
    std::optional<QString> note;
    std::optional<QString> photo;
    if (Error e = readText(json, "reason"_L1, 500, false, &reason); !e.ok())
        return e;
    if (Error e = readText(json, "note"_L1, 2000, true, &note); !e.ok())
        return e;
    if (Error e = readText(json, "photo"_L1, 500, true, &photo); !e.ok())
        return e;
    if (report.status == OrderStatus::Failed && !reason)
        return badRequest(u"'reason': a failed delivery needs a reason"_s);
    if (report.status != OrderStatus::Failed && reason)
        return badRequest(u"'reason' is only for a failed delivery"_s);
    if (photo && photo->contains(QRegularExpression(u"\\s"_s)))
        return badRequest(u"'photo' must be a reference (a URL or an id) without spaces"_s);
    report.reason = reason.value_or(QString());
    report.note = note.value_or(QString());
    report.photo = photo.value_or(QString());
    *out = report;
    return {};
}

} // namespace Ops
