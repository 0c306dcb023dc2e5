#include "orderfields.h"

#include <algorithm>
#include <cmath>

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

bool hasControl(const QString &value, bool multiline)
{
    return std::any_of(value.begin(), value.end(), [multiline](QChar c) {
        if (multiline && (c == u'\n' || c == u'\r' || c == u'\t'))
            return false;
        return c.category() == QChar::Other_Control || c.category() == QChar::Other_Surrogate
            || c == QChar(0xfffe) || c == QChar(0xffff);
    });
}

} // namespace

namespace OrderFields {

std::optional<QString> text(
    const QString &value, qsizetype maxLength, bool required, bool multiline, QString *out)
{
    const QString trimmed = value.trimmed();
    if (required && trimmed.isEmpty())
        return u"is required"_s;
    if (trimmed.size() > maxLength)
        return u"is longer than %1 characters"_s.arg(maxLength);
    if (hasControl(trimmed, multiline))
        return multiline ? u"contains control characters"_s
                         : u"contains control characters or line breaks"_s;
    *out = trimmed;
    return std::nullopt;
}

std::optional<QString> phone(const QString &value, QString *out)
{
    static const QRegularExpression allowed(u"^[0-9 +()./-]*$"_s);
    QString trimmed;
    if (auto why = text(value, MaxPhoneLength, false, false, &trimmed))
        return why;
    if (!allowed.match(trimmed).hasMatch())
        return u"may hold only digits, spaces and + ( ) - . /"_s;
    if (!trimmed.isEmpty()
        && std::count_if(trimmed.begin(), trimmed.end(), [](QChar c) { return c.isDigit(); }) < 3)
        return u"needs at least three digits"_s;
    *out = trimmed;
    return std::nullopt;
}

std::optional<QString> region(const QString &value, QString *out)
{
    static const QRegularExpression allowed(u"^[a-z0-9_-]+$"_s);
    const QString trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return u"is required"_s;
    if (trimmed.size() > MaxRegionLength || !allowed.match(trimmed).hasMatch())
        return u"must be 1 to %1 of a-z, 0-9, '_' and '-'"_s.arg(MaxRegionLength);
    *out = trimmed;
    return std::nullopt;
}

std::optional<QString> externalRef(const QString &value, QString *out)
{
    return text(value, MaxRefLength, true, false, out);
}

std::optional<QString> time(const QString &value, QDateTime *out)
{
    // A zone is required: a bare local time means something else on every machine.
    static const QRegularExpression zoned(
        u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$"_s);
    const QString trimmed = value.trimmed();
    const QDateTime t = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    if (!zoned.match(trimmed).hasMatch() || !t.isValid())
        return u"must be an ISO 8601 time with a zone, e.g. 2026-11-22T18:40:00Z"_s;
    *out = t.toUTC();
    return std::nullopt;
}

std::optional<QString> coordinate(double value, double limit)
{
    if (!std::isfinite(value) || value < -limit || value > limit)
        return u"must be a number of degrees from %1 to %2"_s.arg(-limit).arg(limit);
    return std::nullopt;
}

std::optional<QString> amountCents(qint64 value)
{
    if (value < 0 || value > MaxAmountCents)
        return u"must be 0 to %1 cents"_s.arg(MaxAmountCents);
    return std::nullopt;
}

} // namespace OrderFields

std::optional<FieldProblem> validateOrder(
    const Order &order, const QDateTime &now, const Order *before)
{
    if (!order.dueAt.isValid())
        return FieldProblem { u"dueAt"_s, u"is required"_s };
    if ((!before || before->dueAt != order.dueAt)
        && std::abs(now.daysTo(order.dueAt)) > OrderFields::MaxDueDays)
        return FieldProblem { u"dueAt"_s,
            u"must be within %1 days of now"_s.arg(OrderFields::MaxDueDays) };
    if (order.windowStart.isValid()) {
        if (order.windowStart >= order.dueAt)
            return FieldProblem { u"windowStart"_s, u"must be before dueAt (the window's end)"_s };
        if (order.windowStart.secsTo(order.dueAt) > qint64(OrderFields::MaxWindowDays) * 86400)
            return FieldProblem { u"windowStart"_s,
                u"opens a window longer than %1 days"_s.arg(OrderFields::MaxWindowDays) };
    }
    return std::nullopt;
}

} // namespace Ops
