#pragma once

#include <memory>

#include <QMainWindow>
#include <QSortFilterProxyModel>

namespace Ui {
class MainWindow;
}

namespace Ops {

class ConnectionBadge;
class ConnectionManager;
class OrdersTableModel;

//! \brief The dispatcher's window: the live orders table and the connection badge.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    MainWindow(OrdersTableModel *orders, ConnectionManager *connection, QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] ConnectionBadge *badge() const { return m_badge; }
    [[nodiscard]] QSortFilterProxyModel *ordersProxy() { return &m_proxy; }

public Q_SLOTS:
    //! Tells the dispatcher how many missed updates a reconnect caught up (-1: full refresh).
    void showCaughtUp(qint64 replayed);

private:
    void updateCount();
    void updateFreshness();

    std::unique_ptr<Ui::MainWindow> m_ui;
    OrdersTableModel *m_orders;
    QSortFilterProxyModel m_proxy;
    ConnectionBadge *m_badge;
    ConnectionManager *m_connection;
};

} // namespace Ops
