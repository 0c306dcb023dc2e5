#include "orderhistorymodel.h"

#include <QDateTime>
#include <QHash>
#include <QLocale>

#include "keys/querykeys.h"
#include "orderstablemodel.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! A value of a history row as the dispatcher reads it: times local, amounts in units.
QString valueText(const QString &field, const QString &value)
{
    if (value.isEmpty())
        return OrderHistoryModel::tr("—");
    if (field == "dueAt"_L1 || field == "windowStart"_L1) {
        const QDateTime t = QDateTime::fromString(value, Qt::ISODateWithMs);
        if (t.isValid())
            return QLocale().toString(t.toLocalTime(), QLocale::ShortFormat);
    }
    if (field == "amountCents"_L1) {
        bool ok = false;
        const qint64 cents = value.toLongLong(&ok);
        if (ok)
            return QLocale().toString(double(cents) / 100, 'f', 2);
    }
    return value;
}

} // namespace

QString OrderHistoryModel::fieldLabel(const QString &field)
{
    static const QHash<QString, const char *> labels {
        { u"pickup"_s, QT_TR_NOOP("Pickup") },
        { u"dropoff"_s, QT_TR_NOOP("Drop-off") },
        { u"dueAt"_s, QT_TR_NOOP("Due") },
        { u"windowStart"_s, QT_TR_NOOP("Window opens") },
        { u"contactName"_s, QT_TR_NOOP("Contact") },
        { u"contactPhone"_s, QT_TR_NOOP("Phone") },
        { u"notes"_s, QT_TR_NOOP("Notes") },
        { u"amountCents"_s, QT_TR_NOOP("Amount") },
        { u"pickupPosition"_s, QT_TR_NOOP("Pickup position") },
        { u"dropoffPosition"_s, QT_TR_NOOP("Drop-off position") },
        { u"driver"_s, QT_TR_NOOP("Driver") },
        { u"status"_s, QT_TR_NOOP("Status") },
    };
    const char *label = labels.value(field);
    return label ? tr(label) : field;
}

QString OrderHistoryModel::describe(const QString &field, const QString &from, const QString &to)
{
    if (field == "created"_L1)
        return tr("created as %1").arg(OrdersTableModel::statusLabel(to));
    if (field == "status"_L1)
        return tr("Status: %1 → %2")
            .arg(OrdersTableModel::statusLabel(from), OrdersTableModel::statusLabel(to));
    return tr("%1: %2 → %3").arg(fieldLabel(field), valueText(field, from), valueText(field, to));
}

OrderHistoryModel::OrderHistoryModel(QueryClient *client, QObject *parent)
    : HistoryModel(client, TimeStyle::TimeOfDay, parent)
{ }

OrderHistoryModel::~OrderHistoryModel() = default;

void OrderHistoryModel::setOrderId(const QString &orderId)
{
    if (orderId == m_orderId)
        return;
    m_orderId = orderId;
    setKey(orderId.isEmpty() ? QueryKey() : QueryKeys::orderHistory(orderId));
}

QString OrderHistoryModel::describeRow(const QJsonObject &row) const
{
    const QString change = describe(row.value("field"_L1).toString(),
        row.value("from"_L1).toString(), row.value("to"_L1).toString());
    const QString reason = row.value("reason"_L1).toString();
    return reason.isEmpty() ? change : tr("%1 — “%2”").arg(change, reason);
}

} // namespace Ops
