#include "qrcodewidget.h"

#include <algorithm>

#include <QPainter>

namespace Ops {

QrCodeWidget::QrCodeWidget(QWidget *parent)
    : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

QrCodeWidget::~QrCodeWidget()
{
    m_matrix.clear();
}

void QrCodeWidget::setMatrix(const QrMatrix &matrix)
{
    m_matrix = matrix;
    updateGeometry();
    update();
}

void QrCodeWidget::clear()
{
    m_matrix.clear();
    updateGeometry();
    update();
}

int QrCodeWidget::moduleSize() const
{
    const int modules = m_matrix.sizeWithQuietZone();
    if (modules == 0)
        return 0;
    // In device pixels: with a fractional scale (125 %) a module of whole logical pixels would
    // be smeared over unequal device pixels.
    const qreal ratio = devicePixelRatioF();
    const int side = int(std::min(width(), height()) * ratio);
    return std::max(1, side / modules);
}

QRect QrCodeWidget::codeRect() const
{
    const qreal ratio = devicePixelRatioF();
    const int side = m_matrix.sizeWithQuietZone() * moduleSize(); // device pixels
    const int x = (int(width() * ratio) - side) / 2;
    const int y = (int(height() * ratio) - side) / 2;
    return QRectF(x / ratio, y / ratio, side / ratio, side / ratio).toAlignedRect();
}

QSize QrCodeWidget::sizeHint() const
{
    // About 6 px per module: some 260 px for a link of ~150 characters (version 8 at level M).
    const int side = std::max(m_matrix.sizeWithQuietZone(), 21 + 2 * QrMatrix::QuietZone) * 6;
    return { side, side };
}

QSize QrCodeWidget::minimumSizeHint() const
{
    if (m_matrix.isNull())
        return { 0, 0 };
    const int side = m_matrix.sizeWithQuietZone() * MinimumModulePixels;
    return { side, side };
}

void QrCodeWidget::paintEvent(QPaintEvent *)
{
    if (m_matrix.isNull())
        return;
    // One pixel of the code per module pixel: no scaling, no antialiasing, no theme colours.
    const qreal ratio = devicePixelRatioF();
    QImage image = m_matrix.toImage(moduleSize());
    image.setDevicePixelRatio(ratio);
    const int side = image.width();
    QPainter painter(this);
    painter.drawImage(QPointF(((int(width() * ratio) - side) / 2) / ratio,
                          ((int(height() * ratio) - side) / 2) / ratio),
        image);
}

} // namespace Ops
