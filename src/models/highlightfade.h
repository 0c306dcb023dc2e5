#pragma once

#include <chrono>

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace Ops {

class OrdersTableModel;

//! \brief The frames of the fading "just changed" highlight of an orders table.
//!
//! While the model's last change (OrdersTableModel::lastChangeAt()) is younger than the fade, it
//! emits frame() every frame interval, and the view repaints; then it stops, so an idle table
//! costs nothing. The highlight itself is drawn from ChangedAtRole: a frame is a repaint, never a
//! dataChanged.
class HighlightFade final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HighlightFade)

public:
    HighlightFade(const OrdersTableModel *model, std::chrono::milliseconds fade,
        std::chrono::milliseconds frameInterval = std::chrono::milliseconds(40),
        QObject *parent = nullptr);
    ~HighlightFade() override;

    //! Frames are being emitted (a change is fading).
    [[nodiscard]] bool isRunning() const { return m_timer.isActive(); }

Q_SIGNALS:
    //! Repaint now: a highlight is fading.
    void frame();

private:
    void onChanged();
    void onFrame();

    QPointer<const OrdersTableModel> m_model; //!< not owned (a window's workspace holds it)
    std::chrono::milliseconds m_fade;
    QTimer m_timer;
};

} // namespace Ops
