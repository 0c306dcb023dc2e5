#pragma once

#include "jsonrowsmodel.h"

namespace Ops {

//! \brief Payments of one order (`["payments", {"orderId": <id>}]`).
class PaymentsTableModel final : public JsonRowsModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PaymentsTableModel)

public:
    enum Column { IdColumn, AmountColumn, MethodColumn, StatusColumn, CreatedColumn, ColumnCount };
    Q_ENUM(Column)

    explicit PaymentsTableModel(QueryClient *client, QObject *parent = nullptr);
    ~PaymentsTableModel() override;

    //! Follows another order (empty: none).
    void setOrderId(const QString &orderId);
    [[nodiscard]] QString orderId() const { return m_orderId; }

    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    [[nodiscard]] QVariant cell(const QJsonObject &row, int column, int role) const override;

private:
    QString m_orderId;
};

} // namespace Ops
