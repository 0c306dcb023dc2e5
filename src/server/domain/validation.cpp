#include "validation.h"

#include <algorithm>

#include <QJsonDocument>
#include <QRegularExpression>

#include "driverservice.h"
#include "orderservice.h"
#include "protocol/jsonfields.h"

using namespace Qt::StringLiterals;

namespace Ops {

Error parseJsonObject(
    const QByteArray &body, std::initializer_list<QLatin1StringView> allowed, QJsonObject *out)
{
    if (body.size() > MaxRequestBodyBytes)
        return Error { ErrorKind::PayloadTooLarge,
            u"body larger than %1 bytes"_s.arg(MaxRequestBodyBytes) };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error { ErrorKind::BadRequest,
            u"malformed JSON at offset %1: %2"_s.arg(parseError.offset)
                .arg(parseError.errorString()) };
    if (!doc.isObject())
        return Error { ErrorKind::BadRequest, u"body must be a JSON object"_s };
    // QJsonDocument keeps the last of two equal keys; a body that says two things is refused,
    // as a repeated query parameter is.
    if (const auto key = JsonFields::duplicateKey(body))
        return Error { ErrorKind::BadRequest, u"duplicate field '%1'"_s.arg(key->left(64)) };
    const QJsonObject json = doc.object();
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
            return Error { ErrorKind::BadRequest, u"unknown field '%1'"_s.arg(it.key().left(64)) };
    }
    *out = json;
    return {};
}

Error parseOrderPatch(const QByteArray &body, OrderChange *out)
{
    QJsonObject json;
    if (Error e = parseJsonObject(body, { "status"_L1, "driverId"_L1 }, &json); !e.ok()) {
        if (e.kind == ErrorKind::BadRequest && e.message.startsWith(u"unknown field"_s))
            e.message += u"; only 'status' and 'driverId' may be changed"_s;
        return e;
    }
    OrderChange change;
    const QJsonValue status = json.value("status"_L1);
    if (!status.isUndefined()) {
        if (!status.isString())
            return Error { ErrorKind::BadRequest, u"'status' must be a string"_s };
        const auto parsed = orderStatusFromString(status.toString());
        if (!parsed)
            return Error { ErrorKind::BadRequest,
                u"unknown status '%1'"_s.arg(status.toString().left(64)) };
        change.status = *parsed;
    }
    const QJsonValue driver = json.value("driverId"_L1);
    if (driver.isNull()) {
        change.driverId = QString();
    } else if (!driver.isUndefined()) {
        if (!driver.isString() || driver.toString().isEmpty() || driver.toString().size() > 64)
            return Error { ErrorKind::BadRequest,
                u"'driverId' must be a driver id (1 to 64 characters) or null"_s };
        change.driverId = driver.toString();
    }
    if (!change.status && !change.driverId)
        return Error { ErrorKind::BadRequest, u"the body needs 'status' or 'driverId'"_s };
    *out = change;
    return {};
}

namespace {

Error invalid(const QString &message)
{
    return Error { ErrorKind::BadRequest, message };
}

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
        return invalid(u"'%1' must be a string of %2 to %3 characters"_s.arg(key)
                           .arg(allowEmpty ? 0 : 1)
                           .arg(max));
    *out = text;
    return {};
}

Error checkRegion(const QString &region)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9_-]{1,64}$"_s);
    if (!pattern.match(region).hasMatch())
        return invalid(u"'region' must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -"_s);
    return {};
}

Error checkPhone(const QString &phone)
{
    static const QRegularExpression pattern(u"^[0-9 +()./-]{3,32}$"_s);
    const auto digits =
        std::count_if(phone.cbegin(), phone.cend(), [](QChar c) { return c.isDigit(); });
    if (!phone.isEmpty() && (!pattern.match(phone).hasMatch() || digits < 3))
        return invalid(u"'phone' must be empty or a phone number: 3 to 32 digits, spaces and "
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
            return invalid(u"'active' must be true or false"_s);
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
        return invalid(u"a driver needs 'name' and 'region'"_s);
    DriverDraft draft;
    const QJsonValue id = json.value("id"_L1);
    if (!id.isUndefined()) {
        static const QRegularExpression pattern(u"^[A-Za-z0-9_-]{1,32}$"_s);
        if (!id.isString() || !pattern.match(id.toString()).hasMatch())
            return invalid(u"'id' must be 1 to 32 characters of A-Z, a-z, 0-9, _ and -"_s);
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
        return invalid(u"the body needs one of 'name', 'phone', 'vehicle', 'region', 'active'"_s);
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
        return invalid(u"'status' must be picked_up, in_transit, delivered or failed"_s);
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
        return invalid(u"'reason': a failed delivery needs a reason"_s);
    if (report.status != OrderStatus::Failed && reason)
        return invalid(u"'reason' is only for a failed delivery"_s);
    if (photo && photo->contains(QRegularExpression(u"\\s"_s)))
        return invalid(u"'photo' must be a reference (a URL or an id) without spaces"_s);
    report.reason = reason.value_or(QString());
    report.note = note.value_or(QString());
    report.photo = photo.value_or(QString());
    *out = report;
    return {};
}

} // namespace Ops
