#pragma once

#include <chrono>

#include <QLabel>
#include <QTimer>

namespace Ops {

//! \brief A line that says what went wrong (a refused change, a failed export) in the error
//! colour of the palette, and goes away by itself after a while.
class NoticeLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NoticeLabel)

public:
    explicit NoticeLabel(QWidget *parent = nullptr);
    ~NoticeLabel() override;

    //! How long a notice stays (default 12 s).
    void setDuration(std::chrono::milliseconds duration) { m_hide.setInterval(duration); }

public Q_SLOTS:
    //! Shows \a text (replacing any notice shown) for the duration.
    void showNotice(const QString &text);

private:
    QTimer m_hide;
};

} // namespace Ops
