#pragma once

#include <QWidget>

#include "models/qrmatrix.h"

namespace Ops {

//! \brief Paints a QR code for a phone camera to read off the screen: black on white whatever
//! the theme, whole pixels per module (no blurred edges), the quiet zone of
//! QrMatrix::QuietZone modules, centred and as large as the widget allows.
class QrCodeWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QrCodeWidget)

public:
    //! The smallest module a phone reads reliably at arm's length off a screen, in pixels.
    static constexpr int MinimumModulePixels = 3;

    explicit QrCodeWidget(QWidget *parent = nullptr);
    ~QrCodeWidget() override;

    void setMatrix(const QrMatrix &matrix);
    [[nodiscard]] const QrMatrix &matrix() const { return m_matrix; }
    //! Forgets the code (overwritten, see QrMatrix::clear()) and paints nothing.
    void clear();

    //! Device pixels per module at the current size (0 without a code).
    [[nodiscard]] int moduleSize() const;
    //! Where the code with its quiet zone is painted (logical pixels).
    [[nodiscard]] QRect codeRect() const;

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;
    [[nodiscard]] bool hasHeightForWidth() const override { return true; }
    [[nodiscard]] int heightForWidth(int width) const override { return width; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QrMatrix m_matrix;
};

} // namespace Ops
