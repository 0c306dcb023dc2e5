#pragma once

#include <QColor>
#include <QDateTime>
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace Ops {

//! \brief What every dashboard panel shares: the selection signals and slots the main window
//! wires between panels, and the freshness banner.
//!
//! When not live, the panel shows "as of hh:mm:ss" above its content and tints its background,
//! so nobody mistakes an old picture for the current one.
class DashPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashPanel)
    Q_PROPERTY(bool live READ isLive NOTIFY freshnessChanged)

public:
    explicit DashPanel(QWidget *parent = nullptr);
    ~DashPanel() override;

    [[nodiscard]] bool isLive() const { return m_live; }
    [[nodiscard]] QDateTime asOf() const { return m_asOf; }
    //! The text of the banner ("as of 12:04:31"); empty while live.
    [[nodiscard]] QString freshnessText() const;
    //! The stale tint every panel uses: \a base with a share \a amount (0–1) of amber, so it
    //! reads as "old" in light and dark themes alike.
    [[nodiscard]] static QColor staleTint(const QColor &base, double amount);

public Q_SLOTS:
    //! Live data, or the time the shown data was last known to be current.
    void setFreshness(bool live, const QDateTime &asOf = {});
    //! Follows a selection made elsewhere (default: ignored).
    virtual void selectOrder(const QString &id);
    //! Follows a selection made elsewhere (default: ignored).
    virtual void selectDriver(const QString &id);

Q_SIGNALS:
    //! The user picked an order in this panel.
    void orderActivated(const QString &id);
    //! The user picked a driver in this panel.
    void driverActivated(const QString &id);
    void freshnessChanged(bool live);

protected:
    //! Where subclasses put their content (under the banner).
    [[nodiscard]] QVBoxLayout *contentLayout() const { return m_content; }
    void changeEvent(QEvent *event) override;

private:
    void updateTint();

    QLabel *m_banner;
    QVBoxLayout *m_content;
    bool m_live = true;
    bool m_tinting = false; //!< updateTint() is setting the palette
    QDateTime m_asOf;
};

} // namespace Ops
