#pragma once

#include <QDialog>
#include <QJsonObject>

class QTableWidget;

namespace Ops {

//! \brief Another manager changed the driver first: both versions side by side (the fields that
//! differ in bold), and the choice to apply the change to the server's current version (accept)
//! or to drop it (reject). As ConflictDialog does for orders.
class DriverConflictDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriverConflictDialog)

public:
    DriverConflictDialog(
        const QJsonObject &yours, const QJsonObject &current, QWidget *parent = nullptr);
    ~DriverConflictDialog() override;

    [[nodiscard]] QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table;
};

} // namespace Ops
