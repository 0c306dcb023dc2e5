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
    : JsonRowsModel(client, parent)
{ }

OrderHistoryModel::~OrderHistoryModel() = default;

void OrderHistoryModel::setOrderId(const QString &orderId)
{
    if (orderId == m_orderId)
        return;
    m_orderId = orderId;
    setKey(orderId.isEmpty() ? QueryKey() : QueryKeys::orderHistory(orderId));
}

int OrderHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrderHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return JsonRowsModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("When");
    case ActorColumn:
        return tr("Who");
    case ChangeColumn:
        return tr("Change");
    default:
        return {};
    }
}

QString OrderHistoryModel::rowIdOf(const QJsonObject &row) const
{
    return QString::number(row.value("seq"_L1).toInteger());
}

QVariant OrderHistoryModel::cell(const QJsonObject &row, int column, int role) const
{
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole)
        return {};
    const QDateTime ts = QDateTime::fromString(row.value("ts"_L1).toString(), Qt::ISODateWithMs);
    const QString field = row.value("field"_L1).toString();
    const QString from = row.value("from"_L1).toString();
    const QString to = row.value("to"_L1).toString();
    if (role == Qt::ToolTipRole)
        return QLocale().toString(ts.toLocalTime(), QLocale::LongFormat);
    switch (column) {
    case TimeColumn:
        return role == SortRole ? QVariant(row.value("seq"_L1).toInteger())
                                : QVariant(QLocale().toString(ts.toLocalTime(), u"HH:mm:ss"_s));
    case ActorColumn:
        return row.value("actor"_L1).toString();
    case ChangeColumn: {
        const QString reason = row.value("reason"_L1).toString();
        const QString change = describe(field, from, to);
        return reason.isEmpty() ? change : tr("%1 — “%2”").arg(change, reason);
    }
    default:
        return {};
    }
}

} // namespace Ops
