#include "orderhistorymodel.h"

#include <QDateTime>
#include <QLocale>

#include "keys/querykeys.h"
#include "orderstablemodel.h"

using namespace Qt::StringLiterals;

namespace Ops {

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
    case ChangeColumn:
        if (field == "created"_L1)
            return tr("created as %1").arg(OrdersTableModel::statusLabel(to));
        if (field == "status"_L1)
            return tr("Status: %1 → %2")
                .arg(OrdersTableModel::statusLabel(from), OrdersTableModel::statusLabel(to));
        return tr("%1: %2 → %3").arg(field, from, to);
    default:
        return {};
    }
}

} // namespace Ops
