<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CallPage</name>
    <message>
        <source>Staff are on their way</source>
        <translation>网管马上就到</translation>
    </message>
    <message>
        <source>Your call is kept and will be sent when the counter is back</source>
        <translation>您的呼叫已保存，连上前台后会立即发送</translation>
    </message>
    <message>
        <source>Tell them why (optional):</source>
        <translation>告诉网管是什么事（可选）：</translation>
    </message>
    <message>
        <source>Computer problem</source>
        <translation>电脑故障</translation>
    </message>
    <message>
        <source>Headset or keyboard</source>
        <translation>耳机或键鼠</translation>
    </message>
    <message>
        <source>Check out</source>
        <translation>结账下机</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <source>Please check your order</source>
        <translation>请确认您的订单</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Send order</source>
        <translation>提交订单</translation>
    </message>
    <message>
        <source>— sold out, go back to change the order</source>
        <translation>—— 已售罄，请返回修改</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>Payment: %1</source>
        <translation>付款方式：%1</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>合计 %1</translation>
    </message>
</context>
<context>
    <name>EnrolmentPage</name>
    <message>
        <source>This seat cannot take orders right now. Please ask at the counter.</source>
        <translation>本座位暂时无法下单，请到前台咨询。</translation>
    </message>
    <message>
        <source>For staff: the hub&apos;s certificate is not the one this kiosk was enrolled with.</source>
        <translation>网管请看：服务端的证书与本机登记时的不一致。</translation>
    </message>
    <message>
        <source>Put the hub_fingerprint line that `netbar seats add` printed on the counter PC into this kiosk&apos;s config file, %1, or enrol the seat again. The kiosk keeps trying meanwhile.</source>
        <translation>请把前台电脑上 `netbar seats add` 输出的 hub_fingerprint 一行写入本机的配置文件 %1，或重新登记本座位。在此期间本机会继续尝试连接。</translation>
    </message>
    <message>
        <source>For staff: seat %1 is not enrolled at the hub, or its token was replaced.</source>
        <translation>网管请看：座位 %1 未在服务端登记，或其令牌已被更换。</translation>
    </message>
    <message>
        <source>1. On the counter PC run: netbar seats token %1
2. Put the new token into this kiosk&apos;s config file, %2, under [kiosk]: token = &quot;…&quot;
The kiosk tries the new token within a few seconds; no restart is needed. It does not try the old one again. Orders already taken at this seat are kept and sent once it is let in.</source>
        <translation>1. 在前台电脑上运行：netbar seats token %1
2. 把新令牌写入本机的配置文件 %2 的 [kiosk] 下：token = &quot;…&quot;
本机会在几秒内使用新令牌，无需重启，也不会再尝试旧令牌。本座位已下的单会保存，连上后即发送。</translation>
    </message>
</context>
<context>
    <name>ExitPage</name>
    <message>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>PIN 错误，还可再试 %1 次。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in %1 s.</source>
        <translation>PIN 错误次数过多，请 %1 秒后再试。</translation>
    </message>
    <message>
        <source>For staff: type this seat&apos;s exit PIN to close the kiosk.</source>
        <translation>网管专用：输入本机位的退出 PIN 以关闭自助终端。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Close the kiosk</source>
        <translation>关闭自助终端</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Your requests</source>
        <translation>我的请求</translation>
    </message>
    <message>
        <source>Nothing yet: tap a button above.</source>
        <translation>暂无请求：点上面的按钮即可。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>No exit PIN is set for this kiosk, so it stays open. To set one, run on this PC: netbar kiosk-pin (it is kept in %1).</source>
        <translation>本机未设置退出 PIN，因此无法关闭。如需设置，请在本机运行：netbar kiosk-pin（保存在 %1 中）。</translation>
    </message>
    <message>
        <source>No time on this seat: ask at the counter</source>
        <translation>本机未上机：请到前台开通</translation>
    </message>
    <message>
        <source>Time left %1</source>
        <translation>剩余时间 %1</translation>
    </message>
    <message>
        <source>Not connected to the counter. Your requests are kept and sent when it is back.</source>
        <translation>暂时连不上前台。您的请求已保存，恢复后会自动发送。</translation>
    </message>
    <message>
        <source>Renewal sent. The time is added as soon as it is paid.</source>
        <translation>续费已提交，付款后立即加时。</translation>
    </message>
    <message>
        <source>Just sold out, so taken out of your order: %1</source>
        <translation>刚刚售罄，已从您的订单中移除：%1</translation>
    </message>
    <message>
        <source>Accepted: %1</source>
        <translation>已接单：%1</translation>
    </message>
    <message>
        <source>On the way to your seat: %1</source>
        <translation>正在送往您的座位：%1</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>已完成：%1</translation>
    </message>
    <message>
        <source>Cancelled: %1. Reason: %2</source>
        <translation>已取消：%1。原因：%2</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>已取消：%1</translation>
    </message>
    <message>
        <source>Netbar kiosk %1</source>
        <translation>网吧自助 %1</translation>
    </message>
    <message>
        <source>Seat %1</source>
        <translation>机位 %1</translation>
    </message>
</context>
<context>
    <name>Lane</name>
    <message>
        <source>● %1 waiting</source>
        <translation>● %1 个待接</translation>
    </message>
</context>
<context>
    <name>MenuPanel</name>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>On sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <source>Price ¥</source>
        <translation>价格 ¥</translation>
    </message>
    <message>
        <source>e.g. 12.50</source>
        <translation>例如 12.50</translation>
    </message>
    <message>
        <source>e.g. 40</source>
        <translation>例如 40</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Price and stock of %1</source>
        <translation>%1 的价格和库存</translation>
    </message>
    <message>
        <source>A price is in yuan with at most two decimals, e.g. 12, 12.5 or ¥12.50, up to %1.</source>
        <translation>价格以元为单位，最多两位小数，例如 12、12.5 或 ¥12.50，最高 %1。</translation>
    </message>
    <message>
        <source>Stock is a whole number from 0 to %1, or tap Unlimited.</source>
        <translation>库存为 0 到 %1 的整数，或点“不限”。</translation>
    </message>
    <message>
        <source>Tap a price or a stock to change it. Untick “On sale” when an item runs out.</source>
        <translation>点价格或库存即可修改。商品卖完时取消勾选“在售”。</translation>
    </message>
    <message>
        <source>Untick “On sale” when an item runs out. Prices and stock are set by a manager.</source>
        <translation>商品卖完时取消勾选“在售”。价格和库存由店长设置。</translation>
    </message>
</context>
<context>
    <name>OptionsPanel</name>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>How would you like %1?</source>
        <translation>%1 要怎么做？</translation>
    </message>
    <message>
        <source>choose at least one</source>
        <translation>至少选一项</translation>
    </message>
    <message>
        <source>choose any</source>
        <translation>可多选</translation>
    </message>
    <message>
        <source>choose one</source>
        <translation>必选一项</translation>
    </message>
    <message>
        <source>choose one or none</source>
        <translation>可选一项</translation>
    </message>
    <message>
        <source>Choose the required options</source>
        <translation>请先选好必选项</translation>
    </message>
    <message>
        <source>Add to order</source>
        <translation>加入订单</translation>
    </message>
    <message>
        <source>No more of these in one order</source>
        <translation>一单最多这么多</translation>
    </message>
</context>
<context>
    <name>OrderPage</name>
    <message>
        <source>Note, e.g. no chilli</source>
        <translation>备注，例如：不要辣</translation>
    </message>
    <message>
        <source>Note, e.g. less ice</source>
        <translation>备注，例如：少冰</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Review order</source>
        <translation>去结算</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>已售罄</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>合计 %1</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Menu may be out of date: the counter is not reachable. The counter&apos;s prices apply.</source>
        <translation>菜单可能不是最新的：暂时连不上前台，以前台价格为准。</translation>
    </message>
    <message>
        <source>The menu comes from the counter: it will show here as soon as the counter is reachable.</source>
        <translation>菜单由前台提供：连上前台后会显示在这里。</translation>
    </message>
</context>
<context>
    <name>PaymentPage</name>
    <message>
        <source>Pay by scanning the code</source>
        <translation>扫码支付</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Amount %1</source>
        <translation>金额 %1</translation>
    </message>
    <message>
        <source>The counter did not take this request, so there is nothing to pay.</source>
        <translation>前台未接受此请求，无需付款。</translation>
    </message>
    <message>
        <source>This request was cancelled. If you have paid already, ask at the counter.</source>
        <translation>此请求已取消。如已付款，请到前台咨询。</translation>
    </message>
    <message>
        <source>Payment confirmed. Thank you!</source>
        <translation>已确认收款，谢谢！</translation>
    </message>
    <message>
        <source>Please pay at the counter.</source>
        <translation>请到前台付款。</translation>
    </message>
    <message>
        <source>Write #%1 in the payment note</source>
        <translation>付款时请在备注中填写 #%1</translation>
    </message>
    <message>
        <source>Sending your request… The number to write in the payment note shows here.</source>
        <translation>正在发送您的请求……付款备注中要填写的编号将显示在这里。</translation>
    </message>
    <message>
        <source>Not connected to the counter: your request is kept and sent when it is back. The number to write in the payment note shows here then.</source>
        <translation>暂时未连接前台：您的请求已保存，连接恢复后会发送，届时付款备注中要填写的编号将显示在这里。</translation>
    </message>
    <message>
        <source>Staff will confirm your request once they see your payment.</source>
        <translation>网管看到您的付款后会确认您的请求。</translation>
    </message>
</context>
<context>
    <name>RenewAgainButton</name>
    <message>
        <source>Same package again: %1 %2</source>
        <translation>再续同样套餐：%1 %2</translation>
    </message>
    <message>
        <source>Renew: %1 %2</source>
        <translation>续费：%1 %2</translation>
    </message>
</context>
<context>
    <name>RenewPage</name>
    <message>
        <source>Pay by</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Your time is up — renew to keep playing</source>
        <translation>上机时间已到 —— 续费后继续使用</translation>
    </message>
    <message>
        <source>Choose a time package</source>
        <translation>选择上机套餐</translation>
    </message>
</context>
<context>
    <name>RenewPrompt</name>
    <message>
        <source>Only %1 minutes left.</source>
        <translation>仅剩 %1 分钟。</translation>
    </message>
    <message>
        <source>Your renewal is waiting for the counter.</source>
        <translation>您的续费正在等待前台处理。</translation>
    </message>
    <message>
        <source>Other packages</source>
        <translation>其他套餐</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
</context>
<context>
    <name>ReportsPanel</name>
    <message>
        <source>The period ends before it starts: choose the days again.</source>
        <translation>结束日期早于开始日期：请重新选择日期。</translation>
    </message>
    <message>
        <source>A report covers at most %1 days.</source>
        <translation>一份报表最多包含 %1 天。</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>保存报表</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>No report: %1</source>
        <translation>未生成报表：%1</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Choose the days and tap Show.</source>
        <translation>选择日期，然后点“显示”。</translation>
    </message>
    <message>
        <source>Report for %1 to %2</source>
        <translation>%1 至 %2 的报表</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>Revenue %1 · requests %2 · done %3 · cancelled %4 · time sold %5</source>
        <translation>营业额 %1 · 请求 %2 · 已完成 %3 · 已取消 %4 · 售出时长 %5</translation>
    </message>
    <message>
        <source>Median minutes from the customer&apos;s tap</source>
        <translation>从顾客点击起的中位分钟数</translation>
    </message>
    <message>
        <source>to accepted</source>
        <translation>至接单</translation>
    </message>
    <message>
        <source>to done</source>
        <translation>至完成</translation>
    </message>
    <message>
        <source>to done (slowest 10%)</source>
        <translation>至完成（最慢 10%）</translation>
    </message>
    <message>
        <source>Requests per hour of the day</source>
        <translation>每小时请求数</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Save as Excel…</source>
        <translation>另存为 Excel…</translation>
    </message>
</context>
<context>
    <name>RequestCard</name>
    <message>
        <source>Cancelled by the customer</source>
        <translation>顾客已取消</translation>
    </message>
    <message>
        <source>%1 · taken by %2</source>
        <translation>%1 · 由 %2 接单</translation>
    </message>
</context>
<context>
    <name>SeatDialog</name>
    <message>
        <source>+%1 h</source>
        <translation>+%1 小时</translation>
    </message>
    <message>
        <source>+%1 min</source>
        <translation>+%1 分钟</translation>
    </message>
    <message>
        <source>Time left: %1</source>
        <translation>剩余时间：%1</translation>
    </message>
    <message>
        <source>No time on this seat</source>
        <translation>本座位没有剩余时间</translation>
    </message>
    <message>
        <source>Kiosk online</source>
        <translation>终端在线</translation>
    </message>
    <message>
        <source>Kiosk offline</source>
        <translation>终端离线</translation>
    </message>
    <message>
        <source>The hub is away: nothing can be changed until it is back.</source>
        <translation>与服务器断开：恢复连接前无法修改。</translation>
    </message>
    <message>
        <source>Added %1 to %2.</source>
        <translation>已给 %2 加时 %1。</translation>
    </message>
    <message>
        <source>Undone: %1 taken off %2.</source>
        <translation>已撤销：%2 减去 %1。</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>未完成：%1</translation>
    </message>
    <message>
        <source>Adding %1 to %2…</source>
        <translation>正在给 %2 加时 %1…</translation>
    </message>
    <message>
        <source>Taking %1 off %2…</source>
        <translation>正在撤销 %2 的 %1 加时…</translation>
    </message>
    <message>
        <source>%1: %2 (%3 minutes, not priced on the menu) — confirm?</source>
        <translation>%1：%2（%3 分钟，菜单上没有此时长的价格）—— 确认？</translation>
    </message>
    <message>
        <source>%1: %2, %3 — confirm?</source>
        <translation>%1：%2，%3 —— 确认？</translation>
    </message>
    <message>
        <source>Undo %1 (%2 s)</source>
        <translation>撤销 %1（%2 秒）</translation>
    </message>
    <message>
        <source>No open requests</source>
        <translation>没有未完成的请求</translation>
    </message>
    <message>
        <source>Seat %1</source>
        <translation>座位 %1</translation>
    </message>
    <message>
        <source>Open requests</source>
        <translation>未完成的请求</translation>
    </message>
    <message>
        <source>Paid at the counter: put time on this seat</source>
        <translation>前台已付款：给本座位加时</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SeatsPanel</name>
    <message>
        <source>Tap a seat to see its requests and put paid time on it.</source>
        <translation>点一个座位：查看它的请求，为已付款的时间加时。</translation>
    </message>
    <message>
        <source>Time put on seats lately</source>
        <translation>最近加时记录</translation>
    </message>
    <message>
        <source>Undo this credit</source>
        <translation>撤销这笔加时</translation>
    </message>
    <message>
        <source>%1 seats · %2 online · %3 calling</source>
        <translation>%1 个座位 · %2 台在线 · %3 个呼叫</translation>
    </message>
    <message>
        <source>%1  %2  +%3 min  by %4</source>
        <translation>%1  %2  +%3 分钟  经办：%4</translation>
    </message>
    <message>
        <source>(renewal #%1)</source>
        <translation>（续费单 #%1）</translation>
    </message>
    <message>
        <source>— undone by %1</source>
        <translation>— 已由 %1 撤销</translation>
    </message>
</context>
<context>
    <name>ShiftPanel</name>
    <message>
        <source>No shift open: count the float into the drawer and open one.</source>
        <translation>未开班：请将备用金点入钱箱后开班。</translation>
    </message>
    <message>
        <source>Shift open since %1 (%2), float %3</source>
        <translation>本班自 %1 开始（%2），备用金 %3</translation>
    </message>
    <message>
        <source>Expected cash in the drawer: %1 (float %2 + cash %3 + on delivery %4)</source>
        <translation>钱箱应有现金：%1（备用金 %2 + 现金 %3 + 送达付款 %4）</translation>
    </message>
    <message>
        <source>Cash float in the drawer, e.g. 200 or ¥200.50</source>
        <translation>钱箱备用金，例如 200 或 ¥200.50</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Cash counted in the drawer</source>
        <translation>钱箱实点现金</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>Close shift…</source>
        <translation>交班…</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Last shifts</source>
        <translation>最近的班次</translation>
    </message>
    <message>
        <source>Food</source>
        <translation>餐食</translation>
    </message>
    <message>
        <source>Drinks</source>
        <translation>饮料</translation>
    </message>
    <message>
        <source>Renewals at seats</source>
        <translation>座位续费</translation>
    </message>
    <message>
        <source>Time at the counter</source>
        <translation>前台上机</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>扫码</translation>
    </message>
    <message>
        <source>On delivery (cash)</source>
        <translation>送达付款（现金）</translation>
    </message>
    <message>
        <source>over by %1</source>
        <translation>长款 %1</translation>
    </message>
    <message>
        <source>short by %1</source>
        <translation>短款 %1</translation>
    </message>
    <message>
        <source>exact</source>
        <translation>账实相符</translation>
    </message>
    <message numerus="yes">
        <source>Taken: %1 in %n sale(s)</source>
        <translation>
            <numerusform>收入：%1，共 %n 笔</numerusform>
        </translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Time sold: %1, %2</source>
        <translation>售出时长：%1，%2</translation>
    </message>
    <message>
        <source>(%1 not priced on the menu)</source>
        <translation>（其中 %1 菜单未定价）</translation>
    </message>
    <message>
        <source>Refunds: %1</source>
        <translation>退款：%1</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: %n</source>
        <translation>
            <numerusform>已取消：%n</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 undone</source>
        <translation>已撤销 %1</translation>
    </message>
    <message>
        <source>withdrawn by the customer</source>
        <translation>顾客自行取消</translation>
    </message>
    <message>
        <source>%1–%2 · %3 · expected %4 · counted %5 · %6</source>
        <translation>%1–%2 · %3 · 应有 %4 · 实点 %5 · %6</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>Write the cash counted as 12, 12.5 or ¥12.50</source>
        <translation>实点现金请写成 12、12.5 或 ¥12.50</translation>
    </message>
    <message>
        <source>Expected %1 · counted %2 · %3</source>
        <translation>应有 %1 · 实点 %2 · %3</translation>
    </message>
    <message>
        <source>Close the shift? %1</source>
        <translation>确认交班？%1</translation>
    </message>
    <message>
        <source>Write an amount as 12, 12.5 or ¥12.50 (up to ¥100000.00)</source>
        <translation>金额请写成 12、12.5 或 ¥12.50（最多 ¥100000.00）</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>未完成：%1</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>This user is disabled. Ask a manager.</source>
        <translation>该账号已停用，请联系店长。</translation>
    </message>
    <message>
        <source>Wrong user name or password. Please try again.</source>
        <translation>用户名或密码错误，请重试。</translation>
    </message>
    <message>
        <source>Too many wrong tries. Wait a while, then try again. (%1)</source>
        <translation>错误次数过多，请稍后再试。（%1）</translation>
    </message>
    <message>
        <source>The hub is busy. Try again in a moment.</source>
        <translation>服务器繁忙，请稍后再试。</translation>
    </message>
    <message>
        <source>Cannot reach the hub at %1 (%2). Is it running?</source>
        <translation>连不上服务器 %1（%2）。服务器开着吗？</translation>
    </message>
    <message>
        <source>Netbar staff — sign in</source>
        <translation>网吧前台 —— 登录</translation>
    </message>
    <message>
        <source>Sign in at the counter</source>
        <translation>前台登录</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Hub: %1</source>
        <translation>服务器：%1</translation>
    </message>
</context>
<context>
    <name>StaffPanel</name>
    <message>
        <source>Name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Add staff user…</source>
        <translation>添加网管账号…</translation>
    </message>
    <message>
        <source>New password…</source>
        <translation>重设密码…</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保持不变</translation>
    </message>
    <message>
        <source>Name, e.g. wang</source>
        <translation>用户名，例如 wang</translation>
    </message>
    <message>
        <source>Password (at least %1 characters)</source>
        <translation>密码（至少 %1 个字符）</translation>
    </message>
    <message>
        <source>The same password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1（你）</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>Disabled — cannot sign in</source>
        <translation>已停用——不能登录</translation>
    </message>
    <message>
        <source>Not connected to the hub: staff users cannot be changed now.</source>
        <translation>未连接服务器：现在不能修改网管账号。</translation>
    </message>
    <message>
        <source>Only a manager can change staff users.</source>
        <translation>只有店长可以管理网管账号。</translation>
    </message>
    <message>
        <source>You cannot disable yourself; another manager can.</source>
        <translation>不能停用自己，可由另一位店长停用。</translation>
    </message>
    <message>
        <source>%1 is the last manager; make another manager first.</source>
        <translation>%1 是最后一位店长，请先设置另一位店长。</translation>
    </message>
    <message>
        <source>Your own password is changed by another manager, or with “netbar staff-user add” at the hub PC.</source>
        <translation>自己的密码请由另一位店长修改，或在服务器电脑上用“netbar staff-user add”修改。</translation>
    </message>
    <message>
        <source>Make manager</source>
        <translation>设为店长</translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Choose a staff user to change them, or add one.</source>
        <translation>选中一个网管账号进行修改，或添加新账号。</translation>
    </message>
    <message>
        <source>Make cashier</source>
        <translation>设为收银员</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>New staff user: a name, a role, and a password typed twice</source>
        <translation>新网管账号：用户名、角色，密码输入两次</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>New password for %1 (signed out of every window until they sign in with it)</source>
        <translation>为 %1 设置新密码（其所有窗口将被登出，须用新密码重新登录）</translation>
    </message>
    <message>
        <source>Save password</source>
        <translation>保存密码</translation>
    </message>
    <message>
        <source>Type the new user&apos;s name.</source>
        <translation>请输入新账号的用户名。</translation>
    </message>
    <message>
        <source>A name may have letters, digits and . - _ only, without spaces.</source>
        <translation>用户名只能包含字母、数字和 . - _，不能有空格。</translation>
    </message>
    <message>
        <source>There is already a staff user %1: choose them in the list to change them.</source>
        <translation>已有网管账号 %1：请在列表中选中后再修改。</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <source>The two passwords differ: type the same one twice.</source>
        <translation>两次输入的密码不一致，请输入相同的密码。</translation>
    </message>
    <message>
        <source>%1 added as %2: they can sign in now.</source>
        <translation>已添加 %1（%2），现在可以登录。</translation>
    </message>
    <message>
        <source>New password saved for %1.</source>
        <translation>已保存 %1 的新密码。</translation>
    </message>
    <message>
        <source>%1&apos;s role is now %2.</source>
        <translation>%1 的角色已改为%2。</translation>
    </message>
    <message>
        <source>Make yourself a cashier? You can no longer change staff users, prices or stock.</source>
        <translation>将自己设为收银员？之后将不能再管理网管账号、价格和库存。</translation>
    </message>
    <message>
        <source>Make %1 a manager? They may then change staff users, prices and stock.</source>
        <translation>将 %1 设为店长？其将可以管理网管账号、价格和库存。</translation>
    </message>
    <message>
        <source>Make %1 a cashier? Their windows sign in again as a cashier.</source>
        <translation>将 %1 设为收银员？其窗口将以收银员身份重新登录。</translation>
    </message>
    <message>
        <source>%1 can sign in again.</source>
        <translation>%1 已重新启用，可以登录。</translation>
    </message>
    <message>
        <source>%1 is disabled and signed out.</source>
        <translation>%1 已停用并被登出。</translation>
    </message>
    <message>
        <source>Disable %1? They are signed out at once.</source>
        <translation>停用 %1？其将立即被登出。</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>未完成：%1</translation>
    </message>
</context>
<context>
    <name>StaffWindow</name>
    <message>
        <source>Connected to the hub</source>
        <translation>已连接服务器</translation>
    </message>
    <message>
        <source>Hub lost — reconnecting… (%1)</source>
        <translation>与服务器断开 —— 正在重连…（%1）</translation>
    </message>
    <message>
        <source>%1 called again (×%2)</source>
        <translation>%1 再次呼叫（×%2）</translation>
    </message>
    <message>
        <source>%1 cancelled their %2 request</source>
        <translation>%1 取消了%2请求</translation>
    </message>
    <message>
        <source>New: %1</source>
        <translation>新请求：%1</translation>
    </message>
    <message>
        <source>%1 new: %2</source>
        <translation>%1 条新消息：%2</translation>
    </message>
    <message>
        <source>No shift open</source>
        <translation>未开班</translation>
    </message>
    <message>
        <source>Shift since %1</source>
        <translation>本班自 %1</translation>
    </message>
    <message>
        <source>Hub trouble: %1</source>
        <translation>总台故障：%1</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>未完成：%1</translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation>已选：%1</translation>
    </message>
    <message numerus="yes">
        <source>Netbar staff — %n open request(s)</source>
        <translation>
            <numerusform>网吧前台 —— %n 个待处理请求</numerusform>
        </translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>当前网管：%1</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <source>cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>当前网管：%1（%2）</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Reason the customer will see, e.g. sold out</source>
        <translation>取消原因（顾客可见），例如：卖完了</translation>
    </message>
    <message>
        <source>Cancel request</source>
        <translation>取消请求</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>网管账号</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Tap a request to act on it</source>
        <translation>点一下请求再操作</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>座位</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>Renew time</source>
        <translation>续费</translation>
    </message>
    <message>
        <source>Food</source>
        <translation>点餐</translation>
    </message>
    <message>
        <source>Drinks</source>
        <translation>饮料</translation>
    </message>
    <message>
        <source>Call staff</source>
        <translation>呼叫网管</translation>
    </message>
    <message>
        <source>Waiting for the counter</source>
        <translation>等待柜台接单</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>等待发送</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接单</translation>
    </message>
    <message>
        <source>On the way</source>
        <translation>配送中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Paid: add the time</source>
        <translation>已收款：加时</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接单</translation>
    </message>
    <message>
        <source>Start delivery</source>
        <translation>开始配送</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancel…</source>
        <translation>取消…</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>扫码支付</translation>
    </message>
    <message>
        <source>Pay on delivery</source>
        <translation>送达时付款</translation>
    </message>
    <message>
        <source>Sorry, part of your order has just sold out. Please order again.</source>
        <translation>抱歉，您订单中的部分商品刚刚售罄，请重新下单。</translation>
    </message>
    <message>
        <source>Part of your order is no longer on the menu. Please order again.</source>
        <translation>您订单中的部分商品已下架，请重新下单。</translation>
    </message>
    <message>
        <source>only a manager may do that</source>
        <translation>只有店长可以这样做</translation>
    </message>
    <message>
        <source>it has changed meanwhile, or cannot be done now</source>
        <translation>它刚刚有变化，或现在不能这样做</translation>
    </message>
    <message>
        <source>it no longer exists</source>
        <translation>它已不存在</translation>
    </message>
    <message>
        <source>not enough left in stock</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <source>the hub cannot accept that as it is</source>
        <translation>总台不能接受这样的内容</translation>
    </message>
    <message>
        <source>too many at once; try again shortly</source>
        <translation>同时太多，请稍后再试</translation>
    </message>
    <message>
        <source>the hub cannot do it right now; try again</source>
        <translation>总台暂时无法处理，请再试一次</translation>
    </message>
    <message>
        <source>Too late to cancel: staff are already on it.</source>
        <translation>来不及取消了：网管已经在处理。</translation>
    </message>
    <message>
        <source>This seat has many requests open already. Please wait for staff to bring them.</source>
        <translation>本座位已有很多未完成的请求，请等网管处理。</translation>
    </message>
    <message>
        <source>This seat cannot order right now. Please ask at the counter.</source>
        <translation>本座位暂时无法下单，请到前台咨询。</translation>
    </message>
    <message>
        <source>That did not go through. Please ask at the counter.</source>
        <translation>没有成功，请到前台咨询。</translation>
    </message>
</context>
<context>
    <name>TimeUpPage</name>
    <message>
        <source>Your time is up</source>
        <translation>上机时间已到</translation>
    </message>
    <message>
        <source>Your renewal is waiting for the counter: the time is added as soon as it is paid.</source>
        <translation>您的续费正在等待前台处理：付款后立即加时。</translation>
    </message>
    <message>
        <source>Renew to keep playing, or call staff.</source>
        <translation>续费即可继续使用，或呼叫网管。</translation>
    </message>
    <message>
        <source>Other packages</source>
        <translation>其他套餐</translation>
    </message>
    <message>
        <source>Call staff</source>
        <translation>呼叫网管</translation>
    </message>
</context>
</TS>
