#pragma once

#include <QPointer>

#include "dashpanel.h"

class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace Ops {

class DriverActions;
class DriverInfoPane;
class DriversTableModel;
class NoticeLabel;
class QueryClient;
class Workspace;

//! \brief Drivers with their presence (in transit, idle, not responding, offline), the time
//! since they last reported and the age of their position, moving with the workspace's clock
//! (one dataChanged per tick), battery and phone.
//!
//! Under the table, the selected driver: phone as call and SMS links, vehicle, registered phones.
//! With DriverActions and a manager signed in: Add, Edit, Deactivate / Reactivate, Register
//! phone (its key shown once) and Revoke; everyone: History.
class DriversPanel final : public DashPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriversPanel)

public:
    //! Shows \a workspace's drivers list.
    explicit DriversPanel(Workspace *workspace, QWidget *parent = nullptr);
    ~DriversPanel() override;

    //! Offers what \a actions can do (managers: the management buttons).
    void setActions(DriverActions *actions);
    //! The QSettings key of the stale-position threshold in seconds (default 120).
    static constexpr const char *staleAfterSetting = "drivers/staleAfterSeconds";

    [[nodiscard]] DriversTableModel *model() const { return m_model; }
    [[nodiscard]] QTableView *view() const { return m_view; }
    [[nodiscard]] DriverInfoPane *info() const { return m_info; }
    [[nodiscard]] NoticeLabel *notice() const { return m_notice; }
    //! The id of the selected driver (empty: none).
    [[nodiscard]] QString selectedDriver() const;
    //! The management buttons are offered (a manager is signed in).
    [[nodiscard]] bool managementShown() const;

public Q_SLOTS:
    void selectDriver(const QString &id) override;
    void addDriver();
    void editDriver();
    //! Deactivates the selected driver when active, else reactivates it.
    void toggleActive();
    void registerPhone();
    void revokePhone(const QString &driverId, const QString &deviceId);
    void showHistory();

Q_SIGNALS:
    //! A dialog this panel opened (for tests and the screenshot).
    void dialogOpened(QWidget *dialog);

private:
    void onCurrentChanged();
    void refreshActions();
    void refreshInfo();
    [[nodiscard]] QString selectedName() const;

    QPointer<DriversTableModel> m_model; //!< the workspace's
    QueryClient *m_queries;
    QPointer<DriverActions> m_actions;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QWidget *m_toolbar;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_active;
    QPushButton *m_register;
    QPushButton *m_history;
    NoticeLabel *m_notice;
    DriverInfoPane *m_info;
    QString m_selectWhenListed; //!< a driver just added, selected once the list has it
    bool m_following = false; //!< selecting on behalf of selectDriver(): no signal
};

} // namespace Ops
