#include "paymentstablemodel.h"

#include <QDateTime>
#include <QLocale>

#include "keys/querykeys.h"

using namespace Qt::StringLiterals;

namespace Ops {

PaymentsTableModel::PaymentsTableModel(QueryClient *client, QObject *parent)
    : JsonRowsModel(client, parent)
{ }

PaymentsTableModel::~PaymentsTableModel() = default;

void PaymentsTableModel::setOrderId(const QString &orderId)
{
    if (orderId == m_orderId)
        return;
    m_orderId = orderId;
    setKey(orderId.isEmpty() ? QueryKey() : QueryKeys::paymentsOf(orderId));
}

int PaymentsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PaymentsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return JsonRowsModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Payment");
    case AmountColumn:
        return tr("Amount");
    case MethodColumn:
        return tr("Method");
    case StatusColumn:
        return tr("Status");
    case CreatedColumn:
        return tr("Time");
    default:
        return {};
    }
}

QVariant PaymentsTableModel::cell(const QJsonObject &row, int column, int role) const
{
    if (role == Qt::TextAlignmentRole && column == AmountColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    switch (column) {
    case IdColumn:
        return row.value("id"_L1).toString();
    case AmountColumn: {
        const qint64 cents = row.value("amountCents"_L1).toInteger();
        return sort ? QVariant(cents) : QVariant(QLocale().toCurrencyString(double(cents) / 100.0));
    }
    case MethodColumn:
        return row.value("method"_L1).toString();
    case StatusColumn:
        return row.value("status"_L1).toString();
    case CreatedColumn: {
        const QDateTime at =
            QDateTime::fromString(row.value("createdAt"_L1).toString(), Qt::ISODateWithMs);
        return sort ? QVariant(at)
                    : QVariant(QLocale().toString(at.toLocalTime(), QLocale::ShortFormat));
    }
    default:
        return {};
    }
}

} // namespace Ops
