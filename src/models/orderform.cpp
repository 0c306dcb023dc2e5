#include "orderform.h"

#include <cmath>

#include <QJsonValue>
#include <QRegularExpression>

#include "protocol/orderfields.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! A text field's problem in the dispatcher's words; the decision is OrderFields::text's.
std::optional<QString> textProblem(
    const QString &value, qsizetype maxLength, bool required, bool multiline)
{
    QString accepted;
    if (!OrderFields::text(value, maxLength, required, multiline, &accepted))
        return std::nullopt;
    const QString trimmed = value.trimmed();
    if (required && trimmed.isEmpty())
        return OrderForm::tr("Required.");
    if (trimmed.size() > maxLength)
        return OrderForm::tr("At most %1 characters (now %2).").arg(maxLength).arg(trimmed.size());
    return multiline ? OrderForm::tr("Contains control characters.")
                     : OrderForm::tr("One line, without control characters.");
}

QString isoUtc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime timeOf(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

//! The row's position from its two keys, as the form types it; empty when it has none.
QString positionText(const QJsonObject &row, QLatin1StringView lat, QLatin1StringView lon)
{
    if (!row.value(lat).isDouble() || !row.value(lon).isDouble())
        return {};
    return u"%1, %2"_s.arg(row.value(lat).toDouble(), 0, 'f', 6)
        .arg(row.value(lon).toDouble(), 0, 'f', 6);
}

//! The position keys of \a text into \a out; a changed or removed position writes both keys
//! (null to remove). Returns whether it differs from \a row.
void positionChange(const QString &text, const QJsonObject &row, QLatin1StringView lat,
    QLatin1StringView lon, QJsonObject *out)
{
    const auto now = OrderForm::parsePosition(text);
    const bool had = row.value(lat).isDouble() && row.value(lon).isDouble();
    if (!now) {
        if (had && text.trimmed().isEmpty()) {
            out->insert(lat, QJsonValue::Null);
            out->insert(lon, QJsonValue::Null);
        }
        return;
    }
    constexpr double same = 1e-7; // far below a metre
    if (had && std::abs(row.value(lat).toDouble() - now->first) < same
        && std::abs(row.value(lon).toDouble() - now->second) < same)
        return;
    out->insert(lat, now->first);
    out->insert(lon, now->second);
}

} // namespace

OrderForm OrderForm::fromRow(const QJsonObject &row)
{
    OrderForm f;
    f.customer = row.value("customer"_L1).toString();
    f.region = row.value("region"_L1).toString();
    f.pickup = row.value("pickup"_L1).toString();
    f.dropoff = row.value("dropoff"_L1).toString();
    f.dueAt = timeOf(row.value("dueAt"_L1));
    f.windowStart = timeOf(row.value("windowStart"_L1));
    if (row.value("amountCents"_L1).isDouble())
        f.amount = formatAmount(row.value("amountCents"_L1).toInteger());
    f.contactName = row.value("contactName"_L1).toString();
    f.contactPhone = row.value("contactPhone"_L1).toString();
    f.notes = row.value("notes"_L1).toString();
    f.externalRef = row.value("externalRef"_L1).toString();
    f.pickupPosition = positionText(row, "pickupLat"_L1, "pickupLon"_L1);
    f.dropoffPosition = positionText(row, "lat"_L1, "lon"_L1);
    return f;
}

QList<OrderForm::Problem> OrderForm::problems(const QDateTime &now) const
{
    QList<Problem> out;
    const auto check = [&out](const QString &field, std::optional<QString> why) {
        if (why)
            out.append({ field, *why });
    };
    check(u"customer"_s, textProblem(customer, OrderFields::MaxNameLength, true, false));
    QString accepted;
    if (OrderFields::region(region, &accepted))
        check(u"region"_s,
            region.trimmed().isEmpty()
                ? tr("Required.")
                : tr("1 to %1 of a–z, 0–9, _ and -.").arg(OrderFields::MaxRegionLength));
    check(u"pickup"_s, textProblem(pickup, OrderFields::MaxAddressLength, true, false));
    if (!pickupPosition.trimmed().isEmpty() && !parsePosition(pickupPosition))
        check(u"pickupLat"_s, tr("Latitude, longitude in degrees, e.g. 51.5512, -0.1318."));
    check(u"dropoff"_s, textProblem(dropoff, OrderFields::MaxAddressLength, true, false));
    if (!dropoffPosition.trimmed().isEmpty() && !parsePosition(dropoffPosition))
        check(u"lat"_s, tr("Latitude, longitude in degrees, e.g. 51.5512, -0.1318."));
    if (!dueAt.isValid())
        check(u"dueAt"_s, tr("Required."));
    else if (std::abs(now.daysTo(dueAt)) > OrderFields::MaxDueDays)
        check(u"dueAt"_s, tr("Must be within %1 days of now.").arg(OrderFields::MaxDueDays));
    if (windowStart.isValid() && dueAt.isValid()) {
        if (windowStart >= dueAt)
            check(u"windowStart"_s, tr("The window must open before the due time."));
        else if (windowStart.secsTo(dueAt) > qint64(OrderFields::MaxWindowDays) * 86400)
            check(u"windowStart"_s,
                tr("A window lasts at most %1 days.").arg(OrderFields::MaxWindowDays));
    }
    const auto cents = parseAmount(amount);
    if (amount.trimmed().isEmpty())
        check(u"amountCents"_s, tr("Required."));
    else if (!cents || OrderFields::amountCents(*cents))
        check(u"amountCents"_s,
            tr("An amount from 0 to %1, e.g. 24.82.")
                .arg(formatAmount(OrderFields::MaxAmountCents)));
    check(u"contactName"_s, textProblem(contactName, OrderFields::MaxNameLength, false, false));
    if (OrderFields::phone(contactPhone, &accepted))
        check(u"contactPhone"_s,
            tr("Digits, spaces and + ( ) - . / only, with at least three digits."));
    check(u"notes"_s, textProblem(notes, OrderFields::MaxNotesLength, false, true));
    if (!externalRef.trimmed().isEmpty())
        check(u"externalRef"_s, textProblem(externalRef, OrderFields::MaxRefLength, true, false));
    return out;
}

QJsonObject OrderForm::createBody() const
{
    QJsonObject body { { "customer"_L1, customer.trimmed() }, { "region"_L1, region.trimmed() },
        { "pickup"_L1, pickup.trimmed() }, { "dropoff"_L1, dropoff.trimmed() },
        { "dueAt"_L1, isoUtc(dueAt) }, { "amountCents"_L1, parseAmount(amount).value_or(0) } };
    const auto optionalText = [&body](QLatin1StringView key, const QString &value) {
        if (!value.trimmed().isEmpty())
            body.insert(key, value.trimmed());
    };
    optionalText("contactName"_L1, contactName);
    optionalText("contactPhone"_L1, contactPhone);
    optionalText("notes"_L1, notes);
    optionalText("externalRef"_L1, externalRef);
    if (windowStart.isValid())
        body.insert("windowStart"_L1, isoUtc(windowStart));
    if (const auto p = parsePosition(pickupPosition)) {
        body.insert("pickupLat"_L1, p->first);
        body.insert("pickupLon"_L1, p->second);
    }
    if (const auto p = parsePosition(dropoffPosition)) {
        body.insert("lat"_L1, p->first);
        body.insert("lon"_L1, p->second);
    }
    return body;
}

QJsonObject OrderForm::changesFrom(const QJsonObject &row) const
{
    QJsonObject out;
    const auto text = [&out, &row](QLatin1StringView key, const QString &value) {
        if (value.trimmed() != row.value(key).toString())
            out.insert(key, value.trimmed());
    };
    text("pickup"_L1, pickup);
    text("dropoff"_L1, dropoff);
    text("contactName"_L1, contactName);
    text("contactPhone"_L1, contactPhone);
    text("notes"_L1, notes);
    if (dueAt.isValid() && dueAt != timeOf(row.value("dueAt"_L1)))
        out.insert("dueAt"_L1, isoUtc(dueAt));
    const QDateTime rowWindow = timeOf(row.value("windowStart"_L1));
    if (windowStart.isValid() && windowStart != rowWindow)
        out.insert("windowStart"_L1, isoUtc(windowStart));
    else if (!windowStart.isValid() && rowWindow.isValid())
        out.insert("windowStart"_L1, QJsonValue::Null);
    if (const auto cents = parseAmount(amount);
        cents && *cents != row.value("amountCents"_L1).toInteger())
        out.insert("amountCents"_L1, *cents);
    positionChange(pickupPosition, row, "pickupLat"_L1, "pickupLon"_L1, &out);
    positionChange(dropoffPosition, row, "lat"_L1, "lon"_L1, &out);
    return out;
}

std::optional<qint64> OrderForm::parseAmount(const QString &text)
{
    static const QRegularExpression amount(u"^(\\d{1,9})(?:[.,](\\d{1,2}))?$"_s);
    const auto m = amount.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    qint64 cents = m.captured(1).toLongLong() * 100;
    if (const QString fraction = m.captured(2); !fraction.isEmpty())
        cents += fraction.size() == 1 ? fraction.toLongLong() * 10 : fraction.toLongLong();
    return cents;
}

std::optional<std::pair<double, double>> OrderForm::parsePosition(const QString &text)
{
    const QStringList parts =
        text.trimmed().split(QRegularExpression(u"\\s*[,;]\\s*|\\s+"_s), Qt::SkipEmptyParts);
    if (parts.size() != 2)
        return std::nullopt;
    bool latOk = false;
    bool lonOk = false;
    const double lat = parts.at(0).toDouble(&latOk);
    const double lon = parts.at(1).toDouble(&lonOk);
    if (!latOk || !lonOk || OrderFields::coordinate(lat, 90) || OrderFields::coordinate(lon, 180))
        return std::nullopt;
    return std::pair { lat, lon };
}

QString OrderForm::formatAmount(qint64 cents)
{
    return u"%1.%2"_s.arg(cents / 100).arg(cents % 100, 2, 10, QChar(u'0'));
}

} // namespace Ops
