#pragma once

#include <QDialog>
#include <QJsonObject>

#include "protocol/order.h"

class QTableWidget;

namespace Ops {

//! \brief Another dispatcher changed the order first: both versions side by side, and the choice
//! to apply the change again on the server's current version or to drop it.
class ConflictDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConflictDialog)

public:
    ConflictDialog(const QString &id, OrderStatus wanted, const QJsonObject &yours,
        const QJsonObject &current, QWidget *parent = nullptr);
    ~ConflictDialog() override;

    [[nodiscard]] QString orderId() const { return m_id; }
    [[nodiscard]] OrderStatus wanted() const { return m_wanted; }
    [[nodiscard]] qint64 currentVersion() const;
    //! Whether the wanted status may follow the server's current one.
    [[nodiscard]] bool canRetry() const;
    [[nodiscard]] QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    //! "Apply my change to the current version."
    void retryRequested(const QString &id, Ops::OrderStatus wanted, qint64 currentVersion);

private:
    QString m_id;
    OrderStatus m_wanted;
    QJsonObject m_current;
    QTableWidget *m_table;
};

} // namespace Ops
