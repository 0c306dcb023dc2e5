#pragma once

#include <QFrame>
#include <QPointer>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace Ops {

class AwayAlerts;

//! \brief "While you were away": a band above the alerts inbox listing the open alerts raised
//! while the app was not live (AwayAlerts), so a dispatcher back from lunch sees them first
//! without being stopped by a dialog.
//!
//! Shown only while there is something to look at. Clicking an alert asks to open it
//! (alertActivated(): the inbox selects it, which records the receipt and takes it off this
//! list); "Looked at all" empties the list.
class AwayBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AwayBanner)

public:
    explicit AwayBanner(AwayAlerts *away, QWidget *parent = nullptr);
    ~AwayBanner() override;

    [[nodiscard]] QListWidget *list() const { return m_list; }
    [[nodiscard]] QString title() const;

Q_SIGNALS:
    //! The dispatcher clicked alert \a id in the list.
    void alertActivated(const QString &id);

private:
    void rebuild();
    void onItemActivated(QListWidgetItem *item);

    QPointer<AwayAlerts> m_away;
    QLabel *m_title;
    QListWidget *m_list;
    QPushButton *m_dismiss;
};

} // namespace Ops
