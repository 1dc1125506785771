<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
    <context>
        <name>AboutDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="76" />
            <source>关于 reviewdesk</source>
            <translation>About reviewdesk</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="78" />
            <source>卫生专业技术资格考试报名资格审核工作台（湖北考区）</source>
            <translation>Registration review workstation for the health professional qualification examination (Hubei)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="110" />
            <location filename="../../src/reviewdesk/views/shell/about.py" line="112" />
            <source>复制信息</source>
            <translation>Copy information</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="95" />
            <location filename="../../src/reviewdesk/views/shell/about.py" line="96" />
            <source>打开</source>
            <translation>Open</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="95" />
            <source>数据位置：</source>
            <translation>Data location:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="96" />
            <source>日志位置：</source>
            <translation>Log location:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="94" />
            <source>服务器：</source>
            <translation>Server:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="85" />
            <source>未连接</source>
            <translation>Not connected</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="93" />
            <source>版本：</source>
            <translation>Version:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="97" />
            <source>运行环境：</source>
            <translation>Runtime:</translation>
        </message>
    </context>
    <context>
        <name>App</name>
        <message>
            <location filename="../../src/reviewdesk/app.py" line="178" />
            <source>下载数据</source>
            <translation>Download data</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/app.py" line="32" />
            <source>卫生专业技术资格考试 报名材料审核工作站</source>
            <translation>Health professional qualification exam: registration review workstation</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/app.py" line="120" />
            <source>报名材料审核</source>
            <translation>Registration review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/app.py" line="34" />
            <source>显示版本号</source>
            <translation>show the version number</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/app.py" line="38" />
            <source>服务器地址</source>
            <translation>server address</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/app.py" line="39" />
            <source>本地数据目录</source>
            <translation>local data folder</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/app.py" line="36" />
            <source>演示模式：本机演示服务器和演示账号</source>
            <translation>demo mode: a local demo server and demo accounts</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/app.py" line="43" />
            <source>自检：离屏运行完整流程，成功时退出码为 0</source>
            <translation>self-test: run the whole path offscreen; exit code 0 on success</translation>
        </message>
    </context>
    <context>
        <name>BulkReviewDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="188" />
            <source>{count} 条：{reason}</source>
            <translation>{count}: {reason}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="76" />
            <source>{n} 条不能审核</source>
            <translation>{n} could not be reviewed</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="162" />
            <source>{n} 条已是{outcome}，不改动</source>
            <translation>{n} already {outcome}, left as they are</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="64" />
            <source>{n} 条已是{outcome}，未改动</source>
            <translation>{n} already {outcome}, left unchanged</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="169" />
            <source>{n} 条已有其他审核结果（{what}），保留不改</source>
            <translation>{n} have another result ({what}) and are kept</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="169" />
            <source>{n} 条已有其他审核结果（{what}），保留不改</source>
            <comment>exactly one</comment>
            <translation>{n} has another result ({what}) and is kept</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="71" />
            <source>{n} 条已有其他审核结果（{what}），已保留</source>
            <translation>{n} had another result ({what}), kept</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="175" />
            <source>{refused} 条不能{outcome}（原因如下）</source>
            <translation>{refused} cannot be set to {outcome} (reasons below)</translation>
        </message>
        <message>
            <source>、</source>
            <translation type="vanished">, </translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="181" />
            <source>也改写这 {n} 条已有的审核结果（{what}）</source>
            <translation>Also change these {n} existing results ({what})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="61" />
            <source>其中 {n} 条改写了原有审核结果</source>
            <translation>{n} of them overturned an earlier result</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="111" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="116" />
            <source>对选中的 {n} 名考生统一设置审核状态：</source>
            <translation>Set one review status for the {n} selected candidates:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="159" />
            <source>将更改 {allowed} 条</source>
            <translation>{allowed} will change</translation>
        </message>
        <message>
            <source>将更改 {allowed} 条；{refused} 条不能{outcome}（原因如下）</source>
            <translation type="vanished">{allowed} will change; {refused} cannot be set to {outcome} (reasons below)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="59" />
            <source>已{outcome} {n} 条</source>
            <translation>{outcome}: {n}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="152" />
            <source>所选 {n} 名考生的{status}现为：{counts}</source>
            <translation>{status} of the {n} selected now: {counts}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="95" />
            <source>批量审核（已选 {n} 条）</source>
            <translation>Bulk review ({n} selected)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="110" />
            <source>提交</source>
            <translation>Submit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="210" />
            <source>改写已有审核结果</source>
            <translation>Overturn existing results</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="43" />
            <source>未到本级</source>
            <translation>Not at this tier</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="211" />
            <source>确定将 {n} 名已有审核结果（{what}）的考生改为{outcome}？这会覆盖之前的审核结果。</source>
            <translation>Change {n} candidates that already have a result ({what}) to {outcome}? This overwrites the earlier result.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="211" />
            <source>确定将 {n} 名已有审核结果（{what}）的考生改为{outcome}？这会覆盖之前的审核结果。</source>
            <comment>exactly one</comment>
            <translation>Change {n} candidate that already has a result ({what}) to {outcome}? This overwrites the earlier result.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="77" />
            <location filename="../../src/reviewdesk/views/review/bulk_dialog.py" line="179" />
            <source>；</source>
            <translation>; </translation>
        </message>
    </context>
    <context>
        <name>CertificateViewer</name>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="123" />
            <source>A面</source>
            <translation>Side A</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="120" />
            <source>A面/B面并排显示 (V)</source>
            <translation>Show sides A and B side by side (V)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="126" />
            <source>B面</source>
            <translation>Side B</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="133" />
            <source>全屏</source>
            <translation>Full screen</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="133" />
            <source>全屏 (F11)</source>
            <translation>Full screen (F11)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="147" />
            <source>原始大小 1:1 (1)</source>
            <translation>Actual size 1:1 (1)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="123" />
            <source>只看A面 (Tab 切换)</source>
            <translation>Side A only (Tab switches)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="126" />
            <source>只看B面 (Tab 切换)</source>
            <translation>Side B only (Tab switches)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="156" />
            <source>向右旋转</source>
            <translation>Rotate right</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="156" />
            <source>向右旋转90° (R)</source>
            <translation>Rotate 90° right (R)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="150" />
            <source>向左旋转</source>
            <translation>Rotate left</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="153" />
            <source>向左旋转90° (Shift+R)</source>
            <translation>Rotate 90° left (Shift+R)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/certificates.py" line="20" />
            <source>图片尚未下载，请同步后查看</source>
            <translation>Image not downloaded yet; sync to view it</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="120" />
            <source>并排</source>
            <translation>Side by side</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="141" />
            <source>放大</source>
            <translation>Zoom in</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="141" />
            <source>放大 (+)</source>
            <translation>Zoom in (+)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="56" />
            <source>暂无图片</source>
            <translation>No image</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="57" />
            <source>正在加载…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="137" />
            <source>缩小</source>
            <translation>Zoom out</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="137" />
            <source>缩小 (−)</source>
            <translation>Zoom out (−)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="100" />
            <source>证书</source>
            <translation>Certificate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="83" />
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="212" />
            <source>证书查看</source>
            <translation>Certificate viewer</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="210" />
            <source>证书查看 - {title}</source>
            <translation>Certificate viewer - {title}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="58" />
            <source>该考生没有可查看的证书材料</source>
            <translation>This candidate has no certificates to view</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="144" />
            <source>适应窗口</source>
            <translation>Fit to window</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="144" />
            <source>适应窗口 (0)</source>
            <translation>Fit to window (0)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/images/viewer.py" line="225" />
            <source>（暂无图片）</source>
            <translation> (no image)</translation>
        </message>
    </context>
    <context>
        <name>Cli</name>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="118" />
            <source>{user} 的密码：</source>
            <translation>Password for {user}: </translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="64" />
            <source>不下载图片</source>
            <translation>do not download images</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="57" />
            <source>与服务器同步：上传本地审核结果，下载更新和图片</source>
            <translation>sync with the server: upload local review results, download updates and images</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="65" />
            <source>从标准输入读取密码</source>
            <translation>read the password from standard input</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="165" />
            <location filename="../../src/reviewdesk/cli.py" line="209" />
            <source>同步失败：{error}</source>
            <translation>Sync failed: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="187" />
            <source>同步完成</source>
            <translation>Sync complete</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="55" />
            <source>报名材料审核工作站（命令行）</source>
            <translation>Registration review workstation (command line)</translation>
        </message>
        <message>
            <source>无法连接服务器：{error}</source>
            <translation type="vanished">Cannot reach the server: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="67" />
            <source>显示本地数据状态：待同步操作、冲突、上次同步时间</source>
            <translation>show the local data's state: actions waiting to sync, conflicts, last sync time</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="69" />
            <source>服务器地址</source>
            <translation>server address</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="59" />
            <source>服务器地址，例如 https://review.example.cn</source>
            <translation>server address, e.g. https://review.example.cn</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="62" />
            <location filename="../../src/reviewdesk/cli.py" line="71" />
            <source>本地数据目录</source>
            <translation>local data folder</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="223" />
            <source>本地没有数据：{folder}</source>
            <translation>No local data: {folder}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="61" />
            <location filename="../../src/reviewdesk/cli.py" line="70" />
            <source>用户名</source>
            <translation>user name</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="238" />
            <source>用法：reviewdesk sync --server URL --user NAME | reviewdesk status</source>
            <translation>Usage: reviewdesk sync --server URL --user NAME | reviewdesk status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="203" />
            <source>登录失败：{error}</source>
            <translation>Sign-in failed: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="63" />
            <source>自定义 CA 证书文件（PEM）</source>
            <translation>custom CA certificate file (PEM)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/cli.py" line="219" />
            <source>请同时指定 --server 和 --user，或只指定 --data-dir</source>
            <translation>Give both --server and --user, or only --data-dir</translation>
        </message>
    </context>
    <context>
        <name>Codes</name>
        <message>
            <location filename="../../src/reviewdesk/views/common/i18n.py" line="90" />
            <source>未知</source>
            <translation>Unknown</translation>
        </message>
    </context>
    <context>
        <name>Columns</name>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="84" />
            <source>冲突</source>
            <translation>Conflict</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>区县审核状态</source>
            <translation>County review status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>单位审核状态</source>
            <translation>Unit review status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>同步</source>
            <translation>Sync</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>市州审核状态</source>
            <translation>City review status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>序号</source>
            <translation>No.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>提交时间</source>
            <translation>Submitted at</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>提交状态</source>
            <translation>Submission status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="83" />
            <source>未同步</source>
            <translation>Not synced</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="82" />
            <source>查看</source>
            <translation>View</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>申报单位</source>
            <translation>Applying unit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>申报级别</source>
            <translation>Level applied for</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>省级审核状态</source>
            <translation>Province review status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>类别(专业)</source>
            <translation>Category (specialty)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>缴费状态</source>
            <translation>Payment status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>证件号码</source>
            <translation>ID number</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>证件类型</source>
            <translation>ID type</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/store/columns.py" line="1" />
            <source>预审提示</source>
            <translation>Pre-check</translation>
        </message>
    </context>
    <context>
        <name>ConfirmationCodePage</name>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="480" />
            <source>PDF 文件 (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="478" />
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="490" />
            <source>保存为PDF</source>
            <translation>Save as PDF</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="271" />
            <source>保存为PDF…</source>
            <translation>Save as PDF…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="491" />
            <source>保存失败：{error}</source>
            <translation>Saving failed: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="269" />
            <source>刷新</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="61" />
            <source>只有单位管理员可以重新生成确认码</source>
            <translation>Only a unit administrator can regenerate the confirmation code</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="455" />
            <source>告知单已保存：{path}</source>
            <translation>Notice saved: {path}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="467" />
            <source>告知单已发送到打印机</source>
            <translation>Notice sent to the printer</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="248" />
            <source>复制</source>
            <translation>Copy</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="249" />
            <source>复制确认码到剪贴板</source>
            <translation>Copy the confirmation code to the clipboard</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="53" />
            <source>尚未获取确认码，请联网后点击“刷新”</source>
            <translation>No confirmation code fetched yet; connect to the server and click “Refresh”</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="442" />
            <source>已复制确认码 {code}</source>
            <translation>Confirmation code {code} copied</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="430" />
            <source>已生成新的确认码，原确认码已失效。</source>
            <translation>A new confirmation code was generated; the old one no longer works. </translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="231" />
            <source>当前用户</source>
            <translation>Current user</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="263" />
            <source>当前用户:</source>
            <translation>Current user:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="228" />
            <source>当前项目</source>
            <translation>Current project</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="260" />
            <source>当前项目:</source>
            <translation>Current project:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="464" />
            <source>打印单位确认码告知单</source>
            <translation>Print the unit confirmation code notice</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="270" />
            <source>打印告知单…</source>
            <translation>Print notice…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="56" />
            <source>数据更新于 {when}</source>
            <translation>Updated {when}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="55" />
            <source>数据更新于 {when}（离线显示，可能不是最新）</source>
            <translation>Updated {when} (offline copy, may be out of date)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="218" />
            <source>本单位确认码</source>
            <translation>Unit confirmation code</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="54" />
            <source>本单位确认码仅适用于单位账号；当前账号属于{tier}级机构，没有确认码</source>
            <translation>Confirmation codes are for unit accounts only; this account belongs to a {tier}-level office, which has no code</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="230" />
            <source>机构名称</source>
            <translation>Organisation</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="262" />
            <source>机构名称:</source>
            <translation>Organisation:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="233" />
            <source>机构确认码</source>
            <translation>Confirmation code</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="264" />
            <source>机构确认码:</source>
            <translation>Confirmation code:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="384" />
            <source>正在获取确认码…</source>
            <translation>Fetching the confirmation code…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="420" />
            <source>正在重新生成确认码…</source>
            <translation>Regenerating the confirmation code…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="268" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="355" />
            <source>生成新的确认码，原确认码立即失效</source>
            <translation>Generate a new confirmation code; the old one stops working at once</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="224" />
            <source>管理员可以通过本单位确认码查看机构当前确认码，提供给考生进行绑定申报。</source>
            <translation>Administrators can see the unit's current confirmation code here and give it to candidates so they can bind themselves to the unit when applying.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="391" />
            <source>获取确认码失败：{error}</source>
            <translation>Fetching the confirmation code failed: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="272" />
            <source>重新生成…</source>
            <translation>Regenerate…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="57" />
            <source>重新生成后，原确认码立即失效：尚未绑定单位的考生须使用新确认码。

确定要重新生成本单位确认码吗？</source>
            <translation>Once regenerated, the old confirmation code stops working at once: candidates not yet bound to the unit must use the new code.

Regenerate the unit's confirmation code?</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="425" />
            <source>重新生成失败：{error}</source>
            <translation>Regenerating failed: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="410" />
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="427" />
            <source>重新生成确认码</source>
            <translation>Regenerate confirmation code</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="62" />
            <source>重新生成确认码需要连接服务器</source>
            <translation>Regenerating the confirmation code needs a connection to the server</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="229" />
            <source>项目类型</source>
            <translation>Project type</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/confirmation_code.py" line="261" />
            <source>项目类型:</source>
            <translation>Project type:</translation>
        </message>
    </context>
    <context>
        <name>ConflictsView</name>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="188" />
            <source>[{status}] {name}：{message}</source>
            <translation>[{status}] {name}: {message}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="68" />
            <source>{action}（备注：{remark}）</source>
            <translation>{action} (remark: {remark})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="214" />
            <source>{status}：{message}</source>
            <translation>{status}: {message}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="87" />
            <source>{tier}审核状态：{status}</source>
            <translation>{tier} review status: {status}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="244" />
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="237" />
            <source>冲突</source>
            <translation>Conflicts</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="47" />
            <source>冲突</source>
            <comment>one action's status</comment>
            <translation>Conflict</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="80" />
            <source>姓名：{name}  证件号码：{id_number}</source>
            <translation>Name: {name}  ID number: {id_number}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="111" />
            <source>当时看到的版本：{version}（提交次数 {submissions}）</source>
            <translation>Version seen then: {version} (submission {submissions})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="106" />
            <source>我的操作：{what}</source>
            <translation>My action: {what}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="107" />
            <source>操作时间：{when}</source>
            <translation>Done at: {when}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="98" />
            <source>最近操作：{what}</source>
            <translation>Latest action: {what}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="77" />
            <source>服务器上已没有此考生（不在本机构范围内或已删除）</source>
            <translation>The server no longer has this candidate (outside this organisation's scope, or deleted)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="144" />
            <source>服务器（当前状态）</source>
            <translation>Server (current state)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="143" />
            <source>本机（我的审核）</source>
            <translation>This computer (my review)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="209" />
            <source>没有冲突或被拒绝的操作</source>
            <translation>No conflicting or refused actions</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="99" />
            <source>版本：{version}</source>
            <translation>Version: {version}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="138" />
            <source>知道了</source>
            <translation>Got it</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="186" />
            <source>考生 {id}</source>
            <translation>Candidate {id}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="48" />
            <source>被拒绝</source>
            <translation>Refused</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/conflicts.py" line="137" />
            <source>重新审核</source>
            <translation>Review again</translation>
        </message>
    </context>
    <context>
        <name>CrashDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/shell/crash.py" line="65" />
            <source>reviewdesk 遇到了一个意外错误。</source>
            <translation>reviewdesk ran into an unexpected error.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/crash.py" line="78" />
            <source>如需帮助，请把日志文件发给技术支持。</source>
            <translation>If you need help, send the log file to technical support.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/crash.py" line="70" />
            <source>已保存的审核结果不会丢失：本地数据的每次修改都在一个事务中完成，未同步的操作会在下次同步时上传。正在进行的那一步操作可能没有完成，请检查后重做。</source>
            <translation>Review results already saved are not lost: every change to the local data is made in one transaction, and unsynced actions are uploaded at the next sync. The step in progress may not have completed; please check it and do it again.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/crash.py" line="84" />
            <source>打开日志目录</source>
            <translation>Open log folder</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/crash.py" line="76" />
            <source>日志文件：{path}</source>
            <translation>Log file: {path}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/crash.py" line="64" />
            <source>程序出错</source>
            <translation>Error</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/crash.py" line="90" />
            <source>继续</source>
            <translation>Continue</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/crash.py" line="88" />
            <source>退出程序</source>
            <translation>Quit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/crash.py" line="68" />
            <source>错误：{summary}</source>
            <translation>Error: {summary}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/crash.py" line="66" />
            <source>（未设置日志文件）</source>
            <translation>(no log file set)</translation>
        </message>
    </context>
    <context>
        <name>DateField</name>
        <message>
            <location filename="../../src/reviewdesk/views/common/date_field.py" line="160" />
            <source>不是有效的日期，请输入如 2026-12-10（此条件暂不生效）</source>
            <translation>Not a valid date: type one like 2026-12-10 (this condition is not applied)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/date_field.py" line="69" />
            <source>从日历中选择</source>
            <translation>Pick from a calendar</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/date_field.py" line="64" />
            <location filename="../../src/reviewdesk/views/common/date_field.py" line="158" />
            <source>输入日期，如 2026-12-10；清空则不限</source>
            <translation>Type a date like 2026-12-10; leave empty for no limit</translation>
        </message>
    </context>
    <context>
        <name>Demo</name>
        <message>
            <location filename="../../src/reviewdesk/demo/launcher.py" line="57" />
            <source>{tier} {role} · {org}</source>
            <translation>{tier} {role} · {org}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/launcher.py" line="239" />
            <source>准备演示数据</source>
            <translation>Preparing demo data</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/launcher.py" line="39" />
            <source>审核员</source>
            <translation>reviewer</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/launcher.py" line="255" />
            <source>无法启动演示服务器：{error}</source>
            <translation>Cannot start the demo server: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/launcher.py" line="254" />
            <location filename="../../src/reviewdesk/demo/launcher.py" line="280" />
            <location filename="../../src/reviewdesk/demo/launcher.py" line="293" />
            <source>演示模式</source>
            <translation>Demo mode</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/launcher.py" line="281" />
            <source>登录失败：{error}</source>
            <translation>Sign-in failed: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/launcher.py" line="39" />
            <source>管理员</source>
            <translation>administrator</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/launcher.py" line="240" />
            <source>首次运行：正在生成演示考生数据和证书图片，约需数十秒…</source>
            <translation>First run: generating demo candidates and certificate images, this takes a few tens of seconds…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/launcher.py" line="63" />
            <source>（{n} 名考生）</source>
            <translation> ({n} candidates)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/launcher.py" line="63" />
            <source>（{n} 名考生）</source>
            <comment>exactly one</comment>
            <translation> ({n} candidate)</translation>
        </message>
    </context>
    <context>
        <name>DetailPane</name>
        <message>
            <location filename="../../src/reviewdesk/views/detail/thumbnail.py" line="103" />
            <source>{caption}（点击查看大图）</source>
            <translation>{caption} (click to enlarge)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/library_page.py" line="46" />
            <source>{library}信息</source>
            <translation>{library}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/form_rows.py" line="56" />
            <source>{name}：</source>
            <translation>{name}:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="332" />
            <source>{status}：{message}</source>
            <translation>{status}: {message}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="313" />
            <source>{tier}审核状态</source>
            <translation>{tier} review status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/history_table.py" line="37" />
            <source>{title}（未同步）</source>
            <translation>{title} (not synced)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="335" />
            <source>冲突</source>
            <translation>Conflicts</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="300" />
            <source>出生日期</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/thumbnail.py" line="77" />
            <source>加载中…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="323" />
            <source>同步</source>
            <translation>Sync</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/library_page.py" line="25" />
            <source>否</source>
            <translation>No</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="67" />
            <source>基础信息</source>
            <translation>Basic information</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/history_table.py" line="31" />
            <source>备注</source>
            <translation>Remark</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="58" />
            <source>女</source>
            <translation>Female</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="293" />
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/history_table.py" line="28" />
            <source>审核人</source>
            <translation>Reviewer</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/history_table.py" line="22" />
            <source>审核进度</source>
            <translation>Review history</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="68" />
            <source>对比库信息</source>
            <translation>Comparison libraries</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/history_table.py" line="26" />
            <source>层级</source>
            <translation>Tier</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="299" />
            <source>性别</source>
            <translation>Gender</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="302" />
            <source>提交时间</source>
            <translation>Submitted at</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/history_table.py" line="29" />
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/library_page.py" line="19" />
            <source>无</source>
            <translation>None</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/history_table.py" line="25" />
            <source>时间</source>
            <translation>Time</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/library_page.py" line="25" />
            <source>是</source>
            <translation>Yes</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/library_page.py" line="20" />
            <source>是否为抗击新冠肺炎疫情一线人员</source>
            <translation>COVID-19 front-line worker</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/history_table.py" line="23" />
            <source>暂无审核记录</source>
            <translation>No review history yet</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="324" />
            <source>未同步（{n} 项本地操作待上传）</source>
            <translation>Not synced ({n} local actions waiting to upload)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="324" />
            <source>未同步（{n} 项本地操作待上传）</source>
            <comment>exactly one</comment>
            <translation>Not synced ({n} local action waiting to upload)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/material_page.py" line="100" />
            <source>未同步：本地核验结果尚未上传</source>
            <translation>Not synced: the local verification result has not been uploaded yet</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/history_table.py" line="27" />
            <source>机构</source>
            <translation>Organisation</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/material_page.py" line="96" />
            <source>核验备注</source>
            <translation>Verification remark</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="307" />
            <source>申报单位</source>
            <translation>Applying unit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="306" />
            <source>申报类别</source>
            <translation>Category applied for</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="304" />
            <source>申报类型</source>
            <translation>Application type</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="58" />
            <source>男</source>
            <translation>Male</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/history_table.py" line="30" />
            <source>结果</source>
            <translation>Result</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="296" />
            <source>证件号码</source>
            <translation>ID number</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="283" />
            <source>证件号码校验通过</source>
            <translation>ID number is valid</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="97" />
            <source>请在左侧列表中选择一名考生</source>
            <translation>Select a candidate in the list on the left</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="66" />
            <source>违纪考生库有记录，请重点关注</source>
            <translation>Listed in the disciplinary library: please check carefully</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/pane.py" line="291" />
            <source>；</source>
            <translation>; </translation>
        </message>
    </context>
    <context>
        <name>EntryMessages</name>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="74" />
            <source>{column}是公式，请填写内容本身</source>
            <translation>{column} is a formula; enter the value itself</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="47" />
            <source>{field}不能超过{limit}字</source>
            <translation>{field} cannot be longer than {limit} characters</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="49" />
            <source>{field}含有不可见的控制字符</source>
            <translation>{field} contains invisible control characters</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="46" />
            <source>{field}应为以下之一：{choices}</source>
            <translation>{field} must be one of: {choices}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="45" />
            <source>{field}应为日期（年-月-日），如 2020-06-30</source>
            <translation>{field} must be a date (year-month-day), e.g. 2020-06-30</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="48" />
            <source>{kind}没有“{field}”这一项</source>
            <translation>{kind} has no field “{field}”</translation>
        </message>
        <message>
            <source>、</source>
            <translation type="vanished">, </translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="61" />
            <source>与 {other} 是同一考生同一证书的同一页</source>
            <translation>Same candidate, certificate and page as {other}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="70" />
            <source>与第{row}行的证件号码重复</source>
            <translation>Same ID number as row {row}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="38" />
            <source>出生日期无效</source>
            <translation>Invalid date of birth</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="60" />
            <source>姓名与证件号码不符：本单位该证件号码的考生为“{name}”</source>
            <translation>The name does not match the ID number: your unit's candidate with this ID number is “{name}”</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="34" />
            <source>姓名只能包含汉字、字母、间隔号（·）和空格，不超过30个字</source>
            <translation>A name may contain only Chinese characters, letters, the middle dot (·) and spaces, at most 30 characters</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="53" />
            <source>姓名后没有证件号码</source>
            <translation>no ID number after the name</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="65" />
            <source>将替换已有的第{page}页</source>
            <translation>Will replace the existing page {page}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="64" />
            <source>已压缩到3MB以内</source>
            <translation>Shrunk to under 3 MB</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="63" />
            <source>已按照片方向自动转正</source>
            <translation>Turned upright by the photo's orientation tag</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="66" />
            <source>已旋转{degrees}°</source>
            <translation>Turned {degrees}°</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="52" />
            <source>开头没有姓名</source>
            <translation>no name at the start</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="35" />
            <source>手机号应为11位数字，以1开头</source>
            <translation>A mobile number has 11 digits and starts with 1</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="56" />
            <source>扩展名应为 png、jpg 或 jpeg</source>
            <translation>the extension must be png, jpg or jpeg</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="51" />
            <source>文件名不符合“姓名+身份证号+证书名称+第几页”：{why}</source>
            <translation>The file name is not “name + ID number + certificate name + page”: {why}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="54" />
            <source>无法识别证书名称“{title}”</source>
            <translation>unknown certificate name “{title}”</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="62" />
            <source>无法读取文件：{error}</source>
            <translation>Cannot read the file: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="69" />
            <source>无法读取该文件：请选择 .xlsx 格式的 Excel 文件（{error}）</source>
            <translation>Cannot read this file: choose an Excel file in .xlsx format ({error})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="77" />
            <source>本单位已有该证件号码的考生</source>
            <translation>Your unit already has a candidate with this ID number</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="59" />
            <source>本单位没有证件号码为 {number} 的考生</source>
            <translation>Your unit has no candidate with ID number {number}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="41" />
            <source>申报类别 {name} 不属于申报级别 {level}</source>
            <translation>Category {name} does not belong to the level {level}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="40" />
            <source>申报类别代码 {code} 不在本年度类别目录中</source>
            <translation>Category code {code} is not in this year's category catalogue</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="75" />
            <source>空行</source>
            <translation>Empty row</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="68" />
            <source>表头缺少：{names}（请使用本页下载的模板）</source>
            <translation>Missing column headers: {names} (use the template downloaded from this page)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="71" />
            <source>证件号码被 Excel 存成了数字（末位可能已丢失），请把该列设为文本后重新填写</source>
            <translation>Excel stored the ID number as a number (its last digits may be lost); format the column as text and enter it again</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="42" />
            <source>证件类型应为以下之一：{types}</source>
            <translation>The ID type must be one of: {types}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="78" />
            <source>该考生不在本地数据中，请先同步</source>
            <translation>This candidate is not in the local data; sync first</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="37" />
            <source>请输入出生日期（年-月-日）</source>
            <translation>Enter the date of birth (year-month-day)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="33" />
            <source>请输入姓名</source>
            <translation>Enter the name</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="36" />
            <source>请选择性别</source>
            <translation>Choose the gender</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="39" />
            <source>请选择申报级别</source>
            <translation>Choose the level applied for</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="55" />
            <source>页码无效</source>
            <translation>invalid page number</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="43" />
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="57" />
            <source>（空）</source>
            <translation>(empty)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/messages.py" line="106" />
            <source>；</source>
            <translation>; </translation>
        </message>
    </context>
    <context>
        <name>EntryPage</name>
        <message>
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="55" />
            <source>{reason}

要把它压缩到3MB以内再添加吗？</source>
            <translation>{reason}

Shrink it to under 3 MB and add it?</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="169" />
            <source>{status}：{note}</source>
            <translation>{status}: {note}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/material_form.py" line="190" />
            <source>{title} 第{page}页</source>
            <translation>{title} page {page}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="82" />
            <source>下载Excel模板…</source>
            <translation>Download Excel template…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="63" />
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="66" />
            <source>不能添加该文件</source>
            <translation>Cannot add this file</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="360" />
            <source>保存Excel模板</source>
            <translation>Save Excel template</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="92" />
            <source>保存基础信息</source>
            <translation>Save basic information</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/material_form.py" line="80" />
            <location filename="../../src/reviewdesk/views/entry/page.py" line="321" />
            <location filename="../../src/reviewdesk/views/entry/page.py" line="327" />
            <source>保存材料</source>
            <translation>Save material</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="369" />
            <source>保存检查结果</source>
            <translation>Save check results</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="350" />
            <source>保存检查结果…</source>
            <translation>Save check results…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="105" />
            <location filename="../../src/reviewdesk/views/entry/page.py" line="102" />
            <source>信息确认</source>
            <translation>Confirmation</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="146" />
            <source>全部归档</source>
            <translation>File all</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="269" />
            <source>全部归档（{n} 个）</source>
            <translation>File all ({n})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="209" />
            <source>共 {n} 人，未同步 {p} 项</source>
            <translation>{n} candidates, {p} not synced</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="209" />
            <source>共 {n} 人，未同步 {p} 项</source>
            <comment>exactly one</comment>
            <translation>{n} candidate, {p} not synced</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="259" />
            <source>共 {total} 个文件：匹配 {matched}，未匹配 {unmatched}，拒绝 {refused}</source>
            <translation>{total} files: {matched} matched, {unmatched} unmatched, {refused} refused</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="150" />
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="352" />
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="101" />
            <source>出生日期</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/material_form.py" line="78" />
            <source>删除所选页</source>
            <translation>Remove selected pages</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="37" />
            <source>匹配</source>
            <translation>Matched</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="140" />
            <source>原因或说明</source>
            <translation>Reason or note</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="127" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="333" />
            <source>可导入</source>
            <translation>Can be imported</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="344" />
            <source>可导入 {good} 人，有问题 {bad} 行（不导入）</source>
            <translation>{good} can be imported, {bad} rows have problems (not imported)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="105" />
            <source>同步</source>
            <translation>Sync</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="98" />
            <source>向右旋转 (R)</source>
            <translation>Turn right (R)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="145" />
            <source>向右旋转所选扫描件</source>
            <translation>Turn the selected scans right</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="101" />
            <source>向右旋转扫描件</source>
            <translation>Turn the scan right</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/material_form.py" line="216" />
            <source>图片 (*.png *.jpg *.jpeg);;所有文件 (*)</source>
            <translation>Images (*.png *.jpg *.jpeg);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="54" />
            <source>图片过大</source>
            <translation>Image too large</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="58" />
            <source>基础信息</source>
            <translation>Basic information</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="33" />
            <source>女</source>
            <translation>Female</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="96" />
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="324" />
            <location filename="../../src/reviewdesk/views/entry/page.py" line="99" />
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="346" />
            <source>导入 {n} 人</source>
            <translation>Import {n}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="369" />
            <source>导入检查结果</source>
            <translation>import check results</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="103" />
            <source>工作单位</source>
            <translation>Unit binding</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="134" />
            <source>已压缩到3MB以内。</source>
            <translation>Shrunk to under 3 MB.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="274" />
            <source>已取消，未归档任何文件</source>
            <translation>Cancelled; nothing was filed</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="188" />
            <source>已同步</source>
            <translation>Synced</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="297" />
            <source>已归档 {n} 个扫描件（未同步）</source>
            <translation>{n} scans filed (not synced)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="297" />
            <source>已归档 {n} 个扫描件（未同步）</source>
            <comment>exactly one</comment>
            <translation>{n} scan filed (not synced)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="100" />
            <source>性别</source>
            <translation>Gender</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="102" />
            <source>手机号</source>
            <translation>Mobile number</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/material_form.py" line="75" />
            <source>扫描件</source>
            <translation>Scans</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/material_form.py" line="88" />
            <source>扫描件：{slots}。png、jpg、jpeg，不超过3MB，正向。</source>
            <translation>Scans: {slots}. png, jpg or jpeg, at most 3 MB, upright.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="110" />
            <source>批量导入扫描件</source>
            <translation>Import scans</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="78" />
            <source>批量导入扫描件…</source>
            <translation>Import scans…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="317" />
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="381" />
            <source>批量导入考生</source>
            <translation>Import candidates</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="80" />
            <source>批量导入考生…</source>
            <translation>Import candidates…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="122" />
            <source>把超过3MB的照片压缩到3MB以内</source>
            <translation>Shrink photos over 3 MB to under 3 MB</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="39" />
            <source>拒绝</source>
            <translation>Refused</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="84" />
            <location filename="../../src/reviewdesk/views/entry/page.py" line="86" />
            <source>撤销</source>
            <translation>Undo</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="134" />
            <source>文件</source>
            <translation>File</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="76" />
            <source>新增考生</source>
            <translation>Add candidate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="38" />
            <source>未匹配</source>
            <translation>Unmatched</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="188" />
            <source>未同步</source>
            <translation>Not synced</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="78" />
            <location filename="../../src/reviewdesk/views/entry/material_form.py" line="110" />
            <source>未填</source>
            <translation>Not filled</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/material_form.py" line="152" />
            <source>未填必填项：{names}</source>
            <translation>Required fields not filled: {names}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="268" />
            <source>未被服务器接受：{message}</source>
            <translation>Not accepted by the server: {message}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="96" />
            <source>本单位考生</source>
            <translation>Candidates of this unit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="278" />
            <source>检查失败：{message}</source>
            <translation>Check failed: {message}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="326" />
            <source>检查结果</source>
            <translation>Check result</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="199" />
            <source>正在检查…</source>
            <translation>Checking…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="334" />
            <source>没有可撤销的填报（已同步的不能撤销）</source>
            <translation>Nothing to undo (synced entries cannot be undone)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="82" />
            <source>添加扫描件</source>
            <translation>Add scan</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/material_form.py" line="76" />
            <source>添加扫描件…</source>
            <translation>Add scan…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="132" />
            <source>照片带有方向标记，已自动转正。</source>
            <translation>The photo carried an orientation tag and was turned upright.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="104" />
            <location filename="../../src/reviewdesk/views/entry/page.py" line="101" />
            <source>申报类别</source>
            <translation>Category</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="103" />
            <source>申报级别</source>
            <translation>Level</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="33" />
            <source>男</source>
            <translation>Male</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="109" />
            <source>第几页</source>
            <translation>Page</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="135" />
            <source>结果</source>
            <translation>Result</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="136" />
            <source>考生</source>
            <translation>Candidate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="360" />
            <source>考生信息导入模板</source>
            <translation>candidate import template</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="323" />
            <source>行号</source>
            <translation>Row</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="137" />
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="108" />
            <source>证书名称</source>
            <translation>Certificate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="98" />
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="325" />
            <location filename="../../src/reviewdesk/views/entry/page.py" line="100" />
            <source>证件号码</source>
            <translation>ID number</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/basics_form.py" line="97" />
            <source>证件类型</source>
            <translation>ID type</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="321" />
            <source>请先保存考生的基础信息</source>
            <translation>Save the candidate's basic information first</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="130" />
            <source>请确认扫描件为正向（不歪、不倒、不斜）；不是正向时按 R 旋转。</source>
            <translation>Check that the scan is upright (not skewed, upside down or sideways); press R to turn it.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/material_form.py" line="214" />
            <source>选择扫描件</source>
            <translation>Choose a scan</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="173" />
            <source>选择扫描件所在的文件夹</source>
            <translation>Choose the folder with the scans</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="123" />
            <source>选择文件夹…</source>
            <translation>Choose folder…</translation>
        </message>
        <message>
            <source>选择文件夹或把扫描件拖到这里。文件名按“姓名+身份证号+证书名称+第几页”匹配本单位的考生；归档前先列出每个文件的匹配结果。</source>
            <translation type="vanished">Choose a folder or drop scans here. File names "name + ID number + certificate + page" are matched to this unit's candidates; every file's result is listed before anything is filed.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="114" />
            <source>选择文件夹或把扫描件拖到这里。文件名按“姓名+身份证号+证书名称+第几页”匹配本单位的考生；归档前先列出每个文件的匹配结果。不是正向的扫描件：选中后按 R 旋转。</source>
            <translation>Choose a folder or drop scans here. File names "name + ID number + certificate + page" are matched to this unit's candidates; every file's result is listed before anything is filed. A scan that is not upright: select it and press R to turn it.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/page.py" line="347" />
            <source>选择考生名单</source>
            <translation>Choose the candidate list</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="138" />
            <source>页</source>
            <translation>Page</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="139" />
            <location filename="../../src/reviewdesk/views/entry/page.py" line="104" />
            <source>预审提示</source>
            <translation>Pre-check</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/material_form.py" line="196" />
            <source>预审提示：{problems}</source>
            <translation>Pre-check: {problems}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="140" />
            <source>预审提示：{problems}。可以添加，审核时会提示；最好换一张清楚、正向的扫描件。</source>
            <translation>Pre-check: {problems}. It can be added and reviewers will see the hint; better to use a clear, upright scan.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/material_form.py" line="84" />
            <source>，可选</source>
            <translation>, optional</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/scan_dialog.py" line="136" />
            <source>；</source>
            <translation>; </translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/entry/import_dialogs.py" line="267" />
            <source>；其中 {n} 个有预审提示（可以归档）</source>
            <translation>; pre-check hints on {n} (they can still be filed)</translation>
        </message>
    </context>
    <context>
        <name>Enums</name>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="80" />
            <source>2年</source>
            <translation>2 years</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="81" />
            <source>3年</source>
            <translation>3 years</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="82" />
            <source>4年</source>
            <translation>4 years</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="83" />
            <source>5年</source>
            <translation>5 years</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="84" />
            <source>6年</source>
            <translation>6 years</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="85" />
            <source>7年</source>
            <translation>7 years</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="86" />
            <source>8年</source>
            <translation>8 years</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>A面</source>
            <translation>Side A</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>B面</source>
            <translation>Side B</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>下级所有</source>
            <translation>All subordinates</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>不通过</source>
            <translation>Rejected</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>专技职称</source>
            <translation>Professional title</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>中专</source>
            <translation>Secondary vocational</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="78" />
            <source>中医</source>
            <translation>Traditional Chinese medicine</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>中级</source>
            <translation>Intermediate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="76" />
            <source>临床</source>
            <translation>Clinical</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>住院医师规范化培训合格证书</source>
            <translation>Standardised residency training certificate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>信息无误</source>
            <translation>Confirmed correct</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>信息有误</source>
            <translation>Reported wrong</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>信息确认状态</source>
            <translation>Confirmation</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>允许修改</source>
            <translation>Allow changes</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="70" />
            <source>全国统考</source>
            <translation>National exam</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>全日制</source>
            <translation>Full-time</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="79" />
            <source>公共卫生</source>
            <translation>Public health</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="73" />
            <source>其他</source>
            <translation>Other</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>初级(士)</source>
            <translation>Junior (technician)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>初级(师)</source>
            <translation>Junior (practitioner)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="61" />
            <source>副高</source>
            <translation>Associate senior</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>区县</source>
            <translation>County</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>医师执业证</source>
            <translation>Physician practising licence</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>医师注册库</source>
            <translation>Physician registry</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>医师资格证</source>
            <translation>Physician qualification certificate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>单位</source>
            <translation>Unit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>单位填报</source>
            <translation>Entered by unit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="72" />
            <source>单位认定</source>
            <translation>Recognised by the employer</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>博士研究生</source>
            <translation>Doctorate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="63" />
            <source>卫生技术人员(医疗)</source>
            <translation>Health professional (medicine)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="66" />
            <source>卫生技术人员(技师)</source>
            <translation>Health professional (medical technology)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="65" />
            <source>卫生技术人员(护理)</source>
            <translation>Health professional (nursing)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="64" />
            <source>卫生技术人员(药剂)</source>
            <translation>Health professional (pharmacy)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>历史考生库</source>
            <translation>Past candidates library</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="77" />
            <source>口腔</source>
            <translation>Dental</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>台湾居民来往大陆通行证</source>
            <translation>Mainland travel permit for Taiwan residents</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="60" />
            <source>否</source>
            <translation>No</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>大专</source>
            <translation>Junior college</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>学习形式</source>
            <translation>Mode of study</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>学位证书</source>
            <translation>Degree certificate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>学历信息</source>
            <translation>Education</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>学历层级</source>
            <translation>Education level</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>实名认证</source>
            <translation>Real-name verification</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>审核</source>
            <translation>Review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>审核不通过</source>
            <translation>Rejected</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>审核层级</source>
            <translation>Review tier</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>审核状态</source>
            <translation>Review status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>审核结果</source>
            <translation>Review result</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>审核通过</source>
            <translation>Approved</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>对比库</source>
            <translation>Comparison library</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>工作单位绑定</source>
            <translation>Bound to the unit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>已提交</source>
            <translation>Submitted</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>已撤回</source>
            <translation>Withdrawn</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>已绑定</source>
            <translation>Bound</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>已缴费</source>
            <translation>Paid</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>市州</source>
            <translation>City</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>待审核</source>
            <translation>Pending review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>待扫描证件</source>
            <translation>Waiting for the ID scan</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>待核验</source>
            <translation>Not verified</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>待确认</source>
            <translation>Awaiting confirmation</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>待缴费</source>
            <translation>Awaiting payment</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>待认证</source>
            <translation>Awaiting verification</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>成人教育</source>
            <translation>Adult education</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="75" />
            <source>执业助理医师</source>
            <translation>Licensed assistant physician</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="74" />
            <source>执业医师</source>
            <translation>Licensed physician</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>护士执业证</source>
            <translation>Nurse practising licence</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>护士注册库</source>
            <translation>Nurse registry</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>护照</source>
            <translation>Passport</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>提交状态</source>
            <translation>Submission status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>数据层级</source>
            <translation>Data scope</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="59" />
            <source>是</source>
            <translation>Yes</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>暂不审核</source>
            <translation>On hold</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>未提交</source>
            <translation>Not submitted</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>未绑定</source>
            <translation>Not bound</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>未认证</source>
            <translation>Not verified</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>本科</source>
            <translation>Bachelor</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>本科应届生库</source>
            <translation>New graduates library</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>本级直属</source>
            <translation>Directly under this level</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="67" />
            <source>材料上报</source>
            <translation>Report up</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>材料核验</source>
            <translation>Material verification</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>核验不通过</source>
            <translation>Verification failed</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>核验状态</source>
            <translation>Verification status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>核验通过</source>
            <translation>Verified</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="62" />
            <source>正高</source>
            <translation>Senior</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>港澳台居民居住证</source>
            <translation>Residence permit for HK/Macao/Taiwan residents</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>港澳居民来往内地通行证</source>
            <translation>Mainland travel permit for HK/Macao residents</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>港澳通行证</source>
            <translation>HK/Macao travel permit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>申报级别</source>
            <translation>Level applied for</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>省级</source>
            <translation>Province</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="71" />
            <source>省级评审</source>
            <translation>Provincial assessment</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>省线库</source>
            <translation>Provincial library</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>硕士研究生</source>
            <translation>Master's</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>缴费状态</source>
            <translation>Payment status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>网络教育</source>
            <translation>Online education</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>考生提交</source>
            <translation>Candidate submitted</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>考生撤回</source>
            <translation>Candidate withdrew</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>考生确认</source>
            <translation>Candidate confirmation</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="67" />
            <source>考试</source>
            <translation>Examination</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>自动核验未通过</source>
            <translation>Automatic check failed</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>自学考试</source>
            <translation>Self-study exam</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>补充信息</source>
            <translation>Supplementary information</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="69" />
            <source>认定</source>
            <translation>Recognition</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>认证成功</source>
            <translation>Verified</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>认证方式</source>
            <translation>Verification method</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>认证未通过</source>
            <translation>Verification failed</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>认证状态</source>
            <translation>Verification status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>证书页面</source>
            <translation>Certificate page</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>证件类型</source>
            <translation>ID type</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>证明材料</source>
            <translation>Supporting document</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="68" />
            <source>评审</source>
            <translation>Assessment</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>资格库</source>
            <translation>Qualification library</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>身份证</source>
            <translation>Resident ID card</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>身份证(人工审核)</source>
            <translation>ID card (manual review)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>身份证(自动核验)</source>
            <translation>ID card (automatic check)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>违纪考生库</source>
            <translation>Disciplinary library</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/realname.py" line="1" />
            <source>通过</source>
            <translation>Approved</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>非全日制</source>
            <translation>Part-time</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>验证报告</source>
            <translation>Verification report</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="48" />
            <source>Excel 工作簿 (*.xlsx)</source>
            <translation>Excel workbook (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="65" />
            <source>{n} 个单元格删除了无法保存的控制字符</source>
            <translation>control characters an .xlsx cannot hold were removed from {n} cells</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="65" />
            <source>{n} 个单元格删除了无法保存的控制字符</source>
            <comment>exactly one</comment>
            <translation>control characters an .xlsx cannot hold were removed from {n} cell</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="73" />
            <source>{n} 个单元格超过 Excel 上限（{limit} 个字符）被截断</source>
            <translation>{n} cells longer than Excel's limit ({limit} characters) were cut</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="73" />
            <source>{n} 个单元格超过 Excel 上限（{limit} 个字符）被截断</source>
            <comment>exactly one</comment>
            <translation>{n} cell longer than Excel's limit ({limit} characters) was cut</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="171" />
            <source>、</source>
            <translation>, </translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="79" />
            <source>。注意：{changes}，详见“导出条件”工作表</source>
            <translation>. Note: {changes}; see the 导出条件 (export conditions) sheet</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="176" />
            <source>保存位置</source>
            <translation>Save location</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="205" />
            <source>保存到:</source>
            <translation>Save to:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="343" />
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="342" />
            <source>再次导出</source>
            <translation>Export again</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="191" />
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="259" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="150" />
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="189" />
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="342" />
            <source>导出</source>
            <translation>Export</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="236" />
            <source>导出为 Excel</source>
            <translation>Export to Excel</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="130" />
            <source>导出失败：{error}</source>
            <translation>Export failed: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="308" />
            <source>导出完成：{rows} 条记录，已保存到 {path}</source>
            <translation>Export finished: {rows} records saved to {path}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="308" />
            <source>导出完成：{rows} 条记录，已保存到 {path}</source>
            <comment>exactly one</comment>
            <translation>Export finished: {rows} record saved to {path}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="165" />
            <source>将导出当前列表的 {rows} 条记录（按当前筛选条件和排序），共 {columns} 列：{titles}</source>
            <translation>Exports the {rows} records of the current list (with its filters and sort order), {columns} columns: {titles}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="165" />
            <source>将导出当前列表的 {rows} 条记录（按当前筛选条件和排序），共 {columns} 列：{titles}</source>
            <comment>exactly one</comment>
            <translation>Exports the {rows} record of the current list (with its filters and sort order), {columns} columns: {titles}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="305" />
            <source>已取消导出，未生成文件</source>
            <translation>Export cancelled; no file was written</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="202" />
            <source>当前列表没有记录，无需导出</source>
            <translation>The current list has no records to export</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="193" />
            <source>打开所在文件夹</source>
            <translation>Open folder</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="192" />
            <source>打开文件</source>
            <translation>Open file</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="56" />
            <source>报名材料审核</source>
            <translation>Application review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="287" />
            <source>正在取消…</source>
            <translation>Cancelling…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="254" />
            <source>正在导出…</source>
            <translation>Exporting…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="177" />
            <source>浏览…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="180" />
            <source>证件号码脱敏（如 420105********1234，用于发往单位以外的文件）</source>
            <translation>Mask ID numbers (e.g. 420105********1234, for files sent outside the unit)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="247" />
            <source>请选择保存位置</source>
            <translation>Choose where to save the file</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="312" />
            <source>（{n} 条记录已不在本地数据中，未导出）</source>
            <translation> ({n} records are no longer in the local data and were not exported)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="312" />
            <source>（{n} 条记录已不在本地数据中，未导出）</source>
            <comment>exactly one</comment>
            <translation> ({n} record is no longer in the local data and was not exported)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="69" />
            <source>（其中 {n} 个因此变为空）</source>
            <translation> ({n} of them are now empty)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/export_dialog.py" line="80" />
            <source>；</source>
            <translation>; </translation>
        </message>
    </context>
    <context>
        <name>FilterPanel</name>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="79" />
            <source>{name}:</source>
            <translation>{name}:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="246" />
            <source>{tier}审核状态</source>
            <translation>{tier} review status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="297" />
            <source>仅冲突</source>
            <translation>Conflicts only</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="296" />
            <source>仅未同步</source>
            <translation>Not synced only</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="160" />
            <source>保存</source>
            <translation>Save</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="437" />
            <source>保存常用搜索</source>
            <translation>Save search</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="55" />
            <source>信息矛盾</source>
            <translation>Contradicting data</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="47" />
            <source>全部</source>
            <translation>All</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="161" />
            <source>删除</source>
            <translation>Delete</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="163" />
            <source>删除选中的常用搜索</source>
            <translation>Delete the selected saved search</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="437" />
            <source>名称</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="261" />
            <source>否</source>
            <translation>No</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="58" />
            <source>图片重复使用</source>
            <translation>Scan reused</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="57" />
            <source>图片问题</source>
            <translation>Scan problem</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="122" />
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="286" />
            <source>对比库命中</source>
            <translation>Library matches</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="143" />
            <source>导出</source>
            <translation>Export</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="157" />
            <source>常用搜索</source>
            <translation>Saved searches</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="56" />
            <source>必填项缺失</source>
            <translation>Required item missing</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="162" />
            <source>把当前条件保存为常用搜索</source>
            <translation>Save the current conditions as a saved search</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="270" />
            <source>提交时间</source>
            <translation>Submitted</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="260" />
            <source>提交时间 止</source>
            <translation>Submitted until</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="259" />
            <source>提交时间 起</source>
            <translation>Submitted from</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="146" />
            <source>搜索</source>
            <translation>Search</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="444" />
            <source>收起</source>
            <translation>Fewer options</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="261" />
            <source>是</source>
            <translation>Yes</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="52" />
            <source>有提示</source>
            <translation>Any pre-check flag</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="50" />
            <source>未到达（空白）</source>
            <translation>Not reached (blank)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="142" />
            <source>材料上报</source>
            <translation>Report up</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="124" />
            <source>申报单位</source>
            <translation>Applying unit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="253" />
            <source>疫情一线</source>
            <translation>COVID-19 front line</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="121" />
            <source>类别(专业)</source>
            <translation>Category (specialty)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="266" />
            <source>至</source>
            <translation>to</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="59" />
            <source>证书编号重复</source>
            <translation>Duplicate certificate number</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="123" />
            <source>证件号码</source>
            <translation>ID number</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="49" />
            <source>请先选择申报级别</source>
            <translation>Choose a level first</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="48" />
            <source>请输入</source>
            <translation>Type here</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="54" />
            <source>资格条件</source>
            <translation>Eligibility</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="148" />
            <source>重置</source>
            <translation>Reset</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="289" />
            <source>预审提示</source>
            <translation>Pre-check</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="144" />
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="444" />
            <source>高级搜索</source>
            <translation>Advanced search</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/filter_panel.py" line="427" />
            <source>（选择常用搜索）</source>
            <translation>(choose a saved search)</translation>
        </message>
    </context>
    <context>
        <name>FlagMessages</name>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="112" />
            <source>{material}{field}{date}早于毕业时间{graduated}</source>
            <translation>{material}: {field} {date} is before graduation ({graduated})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="108" />
            <source>{material}{field}{date}晚于今天</source>
            <translation>{material}: {field} {date} is after today</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="125" />
            <source>{material}{field}{number}与其他考生（{others}）相同</source>
            <translation>{material}: {field} {number} is the same as other candidates' ({others})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="121" />
            <source>{material}图片与其他考生（{others}）的图片相同，请核实是否冒用</source>
            <translation>{material}: the scan is the same as other candidates' ({others}); check whether it is used by someone else</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="116" />
            <source>{material}缺少必填项：{fields}</source>
            <translation>{material}: required fields missing: {fields}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="120" />
            <source>{material}证书{side}未上传</source>
            <translation>{material}: certificate {side} not uploaded</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="129" />
            <source>{names}</source>
            <translation>{names}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="130" />
            <source>{names}等{n}人</source>
            <translation>{names} and others, {n} in all</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="84" />
            <source>出生日期{entered}与证件号码中的出生日期{said}不一致</source>
            <translation>Date of birth {entered} does not match the one in the ID number ({said})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="43" />
            <source>博士研究生学历申报医师类中级专业，未见住院医师规范化培训合格证书</source>
            <translation>A doctorate applying for an intermediate physician category: no residency training certificate found</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="135" />
            <source>图片不清晰（模糊）</source>
            <translation>The scan is not sharp (blurred)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="139" />
            <source>图片倒置（上下颠倒）</source>
            <translation>The scan is upside down</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="137" />
            <source>图片几乎全白，看不到证书内容</source>
            <translation>The scan is almost all white; the certificate cannot be seen</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="136" />
            <source>图片几乎全黑，看不到证书内容</source>
            <translation>The scan is almost all black; the certificate cannot be seen</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="131" />
            <source>图片分辨率过低（{width}×{height}），证书文字可能无法看清</source>
            <translation>The scan's resolution is too low ({width}×{height}); the certificate's text may not be legible</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="138" />
            <source>图片横置（未摆正），请核对是否为证书正面</source>
            <translation>The scan is sideways (not upright); check that it is the certificate's front</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="104" />
            <source>学制{years}年与入学、毕业时间不符（相隔约{span}年）</source>
            <translation>Length of study {years} years does not match the entry and graduation dates (about {span} years apart)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="68" />
            <source>工作年限不足：{education}学历申报{level}需取得{below}资格后满{years}年（计算至{year}年12月31日），现为{have}年</source>
            <translation>Not enough years of work: with {education}, applying for {level} needs {years} years after obtaining {below} (counted to 31 December {year}); has {have}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="74" />
            <source>工作年限不足：{education}学历申报{level}需取得医师资格或执业注册后满{years}年（计算至{year}年12月31日），现为{have}年</source>
            <translation>Not enough years of work: with {education}, applying for {level} needs {years} years after obtaining the physician qualification or practice registration (counted to 31 December {year}); has {have}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="64" />
            <source>工作年限不足：{education}学历申报{level}需毕业后满{years}年（计算至{year}年12月31日），现为{have}年</source>
            <translation>Not enough years of work: with {education}, applying for {level} needs {years} years after graduation (counted to 31 December {year}); has {have}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="35" />
            <source>年龄{age}岁，不在常见报考年龄范围内，请核对证件号码</source>
            <translation>Age {age} is outside the usual range for candidates; check the ID number</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="92" />
            <source>性别女与证件号码不一致（证件号码为男性）</source>
            <translation>Gender female does not match the ID number (which says male)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="88" />
            <source>性别男与证件号码不一致（证件号码为女性）</source>
            <translation>Gender male does not match the ID number (which says female)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="52" />
            <source>执业地点与申报单位不一致：{place}</source>
            <translation>Place of practice differs from the applying unit: {place}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="60" />
            <source>未见{below}资格取得时间，无法核对工作年限</source>
            <translation>No date of obtaining {below}; the years of work cannot be checked</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="100" />
            <source>毕业时间{graduated}不晚于入学时间{entered}，学历信息有误</source>
            <translation>Graduation {graduated} is not after entry {entered}; the education details are wrong</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="96" />
            <source>毕业时间{graduated}晚于今天，学历信息有误或尚未毕业</source>
            <translation>Graduation {graduated} is after today; the education details are wrong or the candidate has not graduated yet</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="56" />
            <source>现有专技职称为{title}，申报{level}需具备{below}资格</source>
            <translation>Current professional title is {title}; applying for {level} needs {below}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="80" />
            <source>申报{category}须具备{material}，未见该材料</source>
            <translation>Applying for {category} needs {material}; none found</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="39" />
            <source>申报医师类中级专业须具备医师资格，未见医师资格证或医师注册库记录</source>
            <translation>An intermediate physician category needs the physician qualification; no certificate or physician registry record found</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="51" />
            <source>缺少毕业时间，无法核对工作年限</source>
            <translation>No graduation date; the years of work cannot be checked</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="34" />
            <source>证件号码有误：{reason}</source>
            <translation>Wrong ID number: {reason}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="47" />
            <source>资格库、历史考生库均无初级资格记录，请核对专技职称</source>
            <translation>Neither the qualification library nor past candidates have a junior qualification record; check the professional title</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="33" />
            <source>违纪考生库有记录，请重点关注</source>
            <translation>On record in the misconduct library; look closely</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/flag_texts.py" line="170" />
            <source>；</source>
            <translation>; </translation>
        </message>
    </context>
    <context>
        <name>FlagsBanner</name>
        <message>
            <location filename="../../src/reviewdesk/views/detail/flags_banner.py" line="88" />
            <source>另有 {n} 项</source>
            <translation>{n} more</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/flags_banner.py" line="27" />
            <source>基础信息</source>
            <translation>Basic information</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/flags_banner.py" line="101" />
            <source>查看</source>
            <translation>Show</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/detail/flags_banner.py" line="26" />
            <source>预审提示（{n} 项，仅供参考，不代替审核）：</source>
            <translation>Pre-check ({n} flags; pointers only, not a decision):</translation>
        </message>
    </context>
    <context>
        <name>IdCheck</name>
        <message>
            <location filename="../../src/reviewdesk/views/common/id_check_texts.py" line="28" />
            <source>出生日期无效</source>
            <translation>Invalid date of birth</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/id_check_texts.py" line="30" />
            <source>出生日期无效：不能早于1880年</source>
            <translation>Invalid date of birth: cannot be before 1880</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/id_check_texts.py" line="29" />
            <source>出生日期无效：不能晚于今天</source>
            <translation>Invalid date of birth: cannot be after today</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/id_check_texts.py" line="33" />
            <source>台湾居民来往大陆通行证号码应为8位数字</source>
            <translation>A mainland travel permit for Taiwan residents has 8 digits</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/id_check_texts.py" line="22" />
            <source>地址码无效</source>
            <translation>Invalid address code</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/id_check_texts.py" line="23" />
            <source>地址码无效：810000/820000/830000开头的是港澳台居民居住证号码，请选择证件类型“港澳台居民居住证”</source>
            <translation>Invalid address code: numbers starting with 810000/820000/830000 are residence permits for HK/Macao/Taiwan residents; choose that ID type</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/id_check_texts.py" line="34" />
            <source>护照号码应为5至17位字母或数字</source>
            <translation>A passport number has 5 to 17 letters or digits</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/id_check_texts.py" line="31" />
            <source>校验位错误，应为{expected}</source>
            <translation>Wrong check character, should be {expected}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/id_check_texts.py" line="27" />
            <source>港澳台居民居住证号码应以810000、820000或830000开头</source>
            <translation>A residence permit for HK/Macao/Taiwan residents starts with 810000, 820000 or 830000</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/id_check_texts.py" line="32" />
            <source>港澳居民来往内地通行证号码应为H或M加8位或10位数字</source>
            <translation>A mainland travel permit for HK/Macao residents is H or M followed by 8 or 10 digits</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/id_check_texts.py" line="21" />
            <source>证件号码前17位应为数字，第18位应为数字或X</source>
            <translation>The first 17 characters must be digits, the 18th a digit or X</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/id_check_texts.py" line="20" />
            <source>证件号码长度应为18位</source>
            <translation>An ID number has 18 characters</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/id_check_texts.py" line="19" />
            <source>请输入证件号码</source>
            <translation>Enter the ID number</translation>
        </message>
    </context>
    <context>
        <name>IdentityQueuePage</name>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="50" />
            <source>{who}：{outcome}未生效 — {message}</source>
            <translation>{who}: {outcome} was not applied — {message}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="67" />
            <location filename="../../src/reviewdesk/views/identity/page.py" line="140" />
            <source>不通过</source>
            <translation>Reject</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="51" />
            <source>不通过原因（考生可见）</source>
            <translation>Reason for rejecting (the candidate sees it)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="64" />
            <source>反面</source>
            <translation>Back</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="124" />
            <source>同步 (F5)</source>
            <translation>Sync (F5)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="49" />
            <source>同步失败：{error}</source>
            <translation>Sync failed: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="46" />
            <source>实名认证审核</source>
            <translation>Identity verification</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="47" />
            <source>待审核 {waiting} 条 · 未同步 {unsent} 条</source>
            <translation>{waiting} waiting · {unsent} not synced</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="61" />
            <source>手机号</source>
            <translation>Mobile number</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="62" />
            <source>提交时间</source>
            <translation>Submitted</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="48" />
            <source>暂无待审核的实名认证申请</source>
            <translation>No identity verification is waiting</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="64" />
            <source>正面</source>
            <translation>Front</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="52" />
            <source>照片未下载，请同步</source>
            <translation>Photo not downloaded yet: sync</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="57" />
            <source>真实姓名</source>
            <translation>Legal name</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="60" />
            <source>认证方式</source>
            <translation>Method</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="230" />
            <source>证件照片</source>
            <translation>ID photos</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="58" />
            <source>证件类型</source>
            <translation>ID type</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="59" />
            <source>证件编号</source>
            <translation>ID number</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/identity/page.py" line="66" />
            <location filename="../../src/reviewdesk/views/identity/page.py" line="139" />
            <source>通过</source>
            <translation>Approve</translation>
        </message>
    </context>
    <context>
        <name>ImageErrors</name>
        <message>
            <location filename="../../src/reviewdesk/views/common/image_errors.py" line="35" />
            <location filename="../../src/reviewdesk/views/common/image_errors.py" line="46" />
            <source>{reason}：{name}</source>
            <translation>{reason}: {name}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/image_errors.py" line="30" />
            <source>图片像素过多（{width}×{height}，共 {pixels} 像素），不能超过 {limit} 像素</source>
            <translation>The image has too many pixels ({width}×{height}, {pixels} pixels); the limit is {limit} pixels</translation>
        </message>
        <message>
            <source>图片尺寸过大（{pixels} 像素），为安全起见不予显示：{name}</source>
            <translation type="vanished">The image is too large ({pixels} pixels) and is not shown for safety: {name}</translation>
        </message>
        <message>
            <source>图片文件不完整或已损坏，无法显示：{name}</source>
            <translation type="vanished">The image file is incomplete or damaged and cannot be shown: {name}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/image_errors.py" line="33" />
            <source>图片文件不完整（数据被截断），无法解码</source>
            <translation>The image file is incomplete (its data is truncated) and cannot be decoded</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/image_errors.py" line="26" />
            <source>图片文件为空（0 字节）</source>
            <translation>The image file is empty (0 bytes)</translation>
        </message>
        <message>
            <source>图片文件为空（0 字节）：{name}</source>
            <translation type="vanished">The image file is empty (0 bytes): {name}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/image_errors.py" line="34" />
            <source>图片文件已损坏，无法解码</source>
            <translation>The image file is damaged and cannot be decoded</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/image_errors.py" line="27" />
            <source>图片文件过大（{size}），不能超过 {limit}</source>
            <translation>The image file is too large ({size}); the limit is {limit}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/image_errors.py" line="29" />
            <source>图片格式不符：文件内容不是 png、jpg、jpeg 图片</source>
            <translation>Wrong image format: the file's content is not a png, jpg or jpeg image</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/image_errors.py" line="28" />
            <source>图片格式不符：文件内容是 {kind} 格式，仅支持 png、jpg、jpeg</source>
            <translation>Wrong image format: the file's content is {kind}; only png, jpg and jpeg are accepted</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/image_errors.py" line="23" />
            <source>找不到图片文件：{name}</source>
            <translation>Image file not found: {name}</translation>
        </message>
        <message>
            <source>无法识别的图片文件，可能已损坏或不是 png/jpg/jpeg 图片：{name}</source>
            <translation type="vanished">Unrecognised image file, damaged or not a png/jpg/jpeg image: {name}</translation>
        </message>
        <message>
            <source>无法读取图片文件：{name}（{detail}）</source>
            <translation type="vanished">Cannot read the image file: {name} ({detail})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/image_errors.py" line="25" />
            <source>无法读取图片文件：{name}（错误码 {errno}）</source>
            <translation>Cannot read the image file: {name} (error {errno})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/image_errors.py" line="24" />
            <source>没有权限读取图片文件：{name}</source>
            <translation>No permission to read the image file: {name}</translation>
        </message>
    </context>
    <context>
        <name>ImageLoader</name>
        <message>
            <location filename="../../src/reviewdesk/views/images/loading.py" line="42" />
            <source>无法显示图片：{error}</source>
            <translation>Cannot show the image: {error}</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/shell/login_dialog.py" line="38" />
            <source>例如 https://review.example.cn</source>
            <translation>e.g. https://review.example.cn</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/login_dialog.py" line="53" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/login_dialog.py" line="50" />
            <source>密码:</source>
            <translation>Password:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/login_dialog.py" line="88" />
            <source>无法连接服务器：{error}</source>
            <translation>Cannot reach the server: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/login_dialog.py" line="48" />
            <source>服务器地址:</source>
            <translation>Server address:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/login_dialog.py" line="49" />
            <source>用户名:</source>
            <translation>User name:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/login_dialog.py" line="52" />
            <source>登录</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/login_dialog.py" line="36" />
            <source>登录 - 卫生专业技术资格考试 报名材料审核</source>
            <translation>Sign in - Health professional qualification exam registration review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/login_dialog.py" line="77" />
            <location filename="../../src/reviewdesk/views/shell/login_dialog.py" line="93" />
            <source>登录失败：{error}</source>
            <translation>Sign-in failed: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/login_dialog.py" line="43" />
            <source>请输入密码</source>
            <translation>Enter the password</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/login_dialog.py" line="71" />
            <source>请输入服务器地址、用户名和密码</source>
            <translation>Enter the server address, user name and password</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/login_dialog.py" line="40" />
            <source>请输入用户名</source>
            <translation>Enter the user name</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="162" />
            <source>{offline}：{error}</source>
            <translation>{offline}: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="130" />
            <source>{phase}：{done}/{total}</source>
            <translation>{phase}: {done}/{total}</translation>
        </message>
        <message>
            <source>{what}（{n} 条）</source>
            <translation type="vanished">{what} ({n})</translation>
        </message>
        <message>
            <source>{what}（{n} 项）</source>
            <translation type="vanished">{what} ({n})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="76" />
            <source>上一条</source>
            <translation>Previous record</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="52" />
            <source>上传本地审核结果并下载更新 (F5)</source>
            <translation>Upload local review results and download updates (F5)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="205" />
            <source>上次同步：{when}</source>
            <translation>Last sync: {when}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="73" />
            <source>下一条</source>
            <translation>Next record</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/navigation.py" line="15" />
            <source>专项信息</source>
            <translation>Special information</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="204" />
            <source>从未同步</source>
            <translation>never</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/window.py" line="78" />
            <source>共 {n} 条</source>
            <translation>{n} records</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/window.py" line="78" />
            <source>共 {n} 条</source>
            <comment>exactly one</comment>
            <translation>{n} record</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/help_menu.py" line="95" />
            <source>关于(&amp;A)</source>
            <translation>&amp;About</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="201" />
            <source>冲突 {n}</source>
            <translation>Conflicts {n}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="90" />
            <source>冲突…</source>
            <translation>Conflicts…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="110" />
            <source>切换账号</source>
            <translation>Switch account</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="94" />
            <source>列…</source>
            <translation>Columns…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="29" />
            <source>卫生专业技术资格考试 报名材料审核</source>
            <translation>Health Professional Qualification Exam: Application Review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="52" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="54" />
            <source>取消同步（已上传的不受影响，未上传的留待下次同步）</source>
            <translation>Cancel the sync (what was uploaded stays; the rest waits for the next sync)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="49" />
            <location filename="../../src/reviewdesk/views/review/sync.py" line="83" />
            <location filename="../../src/reviewdesk/views/review/sync.py" line="154" />
            <source>同步</source>
            <translation>Sync</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="181" />
            <source>同步完成：{n} 项冲突或被拒绝，请在 审核→冲突 中处理</source>
            <translation>Sync finished: {n} conflicting or refused, see Review → Conflicts</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="173" />
            <source>同步完成：{summary}</source>
            <translation>Sync finished: {summary}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="31" />
            <source>在线</source>
            <translation>Online</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/navigation.py" line="17" />
            <source>实名认证审核</source>
            <translation>Identity verification</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/decide.py" line="73" />
            <source>审核</source>
            <translation>Review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="59" />
            <source>审核(&amp;R)</source>
            <translation>&amp;Review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="85" />
            <source>审核后自动跳到下一条</source>
            <translation>Advance to the next record after a decision</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="54" />
            <source>导出…</source>
            <translation>Export…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/help_menu.py" line="68" />
            <source>工具</source>
            <translation>Tools</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/help_menu.py" line="68" />
            <source>工具(&amp;T)</source>
            <translation>&amp;Tools</translation>
        </message>
        <message>
            <source>已{outcome} {n} 条</source>
            <translation type="vanished">{outcome}: {n} records</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/decide.py" line="75" />
            <source>已{outcome}：{name}（未同步）</source>
            <translation>{outcome}: {name} (not synced)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/decide.py" line="157" />
            <source>已加入材料上报：{n} 条（同步时上传）</source>
            <translation>Queued for report up: {n} records (uploaded at the next sync)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/decide.py" line="157" />
            <source>已加入材料上报：{n} 条（同步时上传）</source>
            <comment>exactly one</comment>
            <translation>Queued for report up: {n} record (uploaded at the next sync)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/decide.py" line="134" />
            <source>已撤销：{what}</source>
            <translation>Undone: {what}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/window.py" line="371" />
            <source>已选 {n} 条</source>
            <translation>{n} selected</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/help_menu.py" line="50" />
            <location filename="../../src/reviewdesk/views/shell/help_menu.py" line="67" />
            <source>帮助</source>
            <translation>Help</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/help_menu.py" line="67" />
            <source>帮助(&amp;H)</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="84" />
            <source>当前为离线模式，无法连接服务器。请重新登录后再同步。</source>
            <translation>Working offline: cannot reach the server. Log in again to sync.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="190" />
            <source>当前用户：{name}（{username}） {org} {tier}</source>
            <translation>User: {name} ({username}) {org} {tier}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/help_menu.py" line="86" />
            <source>快捷键(&amp;K)</source>
            <translation>&amp;Keyboard shortcuts</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="95" />
            <source>恢复默认列</source>
            <translation>Restore default columns</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/help_menu.py" line="91" />
            <source>打开日志目录(&amp;L)</source>
            <translation>Open &amp;log folder</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="210" />
            <source>把所有审核通过的考生材料上报至上级</source>
            <translation>Report every approved candidate's materials to the next tier</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="102" />
            <location filename="../../src/reviewdesk/views/shell/navigation.py" line="14" />
            <source>报名材料审核</source>
            <translation>Application review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/decide.py" line="151" />
            <location filename="../../src/reviewdesk/views/review/menus.py" line="70" />
            <source>撤销</source>
            <translation>Undo</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/decide.py" line="149" />
            <source>撤销 {what}</source>
            <translation>Undo {what}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="45" />
            <source>文件(&amp;F)</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/columns.py" line="44" />
            <source>显示的列</source>
            <translation>Columns shown</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="199" />
            <source>未同步 {n}</source>
            <translation>Not synced {n}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/navigation.py" line="16" />
            <source>本单位确认码</source>
            <translation>Unit confirmation code</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="55" />
            <source>材料上报…</source>
            <translation>Report up…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="79" />
            <source>查找姓名</source>
            <translation>Find name</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="82" />
            <location filename="../../src/reviewdesk/views/review/menus.py" line="101" />
            <source>查看证书图片</source>
            <translation>View certificate images</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="120" />
            <source>正在连接服务器…</source>
            <translation>Connecting to the server…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/decide.py" line="138" />
            <source>没有可以撤销的操作（已同步的操作不能撤销）</source>
            <translation>Nothing to undo (synced actions cannot be undone)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="107" />
            <source>演示</source>
            <translation>Demo</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/window.py" line="265" />
            <location filename="../../src/reviewdesk/views/review/window.py" line="274" />
            <source>申报管理</source>
            <translation>Applications</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="157" />
            <source>登录已过期或被撤销，请重新登录。</source>
            <translation>Your login has expired or was revoked. Please log in again.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="156" />
            <source>登录已过期，请重新登录</source>
            <translation>Login expired, please log in again</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/sync.py" line="30" />
            <source>离线</source>
            <translation>Offline</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/navigation.py" line="18" />
            <source>考生信息填报</source>
            <translation>Candidate entry</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/window.py" line="181" />
            <source>考生列表</source>
            <translation>Candidate list</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="92" />
            <source>视图(&amp;V)</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/help_menu.py" line="70" />
            <source>设置(&amp;P)...</source>
            <translation>&amp;Preferences...</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/decide.py" line="52" />
            <source>请先在列表中选择考生</source>
            <translation>Select a candidate in the list first</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/menus.py" line="57" />
            <source>退出</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>，{n} 条未更改</source>
            <translation type="vanished">, {n} unchanged</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/decide.py" line="72" />
            <source>；</source>
            <translation>; </translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/decide.py" line="79" />
            <source>；列表中其后没有待本级审核的考生</source>
            <translation>; no record further down the list is waiting for review at this tier</translation>
        </message>
    </context>
    <context>
        <name>MaterialCards</name>
        <message>
            <location filename="../../src/reviewdesk/views/special/cards.py" line="62" />
            <source>{label}：{value}</source>
            <translation>{label}: {value}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/card_delegate.py" line="339" />
            <location filename="../../src/reviewdesk/views/special/cards.py" line="204" />
            <source>不能核验</source>
            <translation>Cannot verify</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/card_delegate.py" line="285" />
            <source>共{n}张</source>
            <translation>{n} images</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/card_delegate.py" line="285" />
            <source>共{n}张</source>
            <comment>exactly one</comment>
            <translation>{n} image</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/card_delegate.py" line="337" />
            <location filename="../../src/reviewdesk/views/special/cards.py" line="47" />
            <location filename="../../src/reviewdesk/views/special/cards.py" line="206" />
            <source>冲突</source>
            <translation>Conflict</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/cards.py" line="45" />
            <source>加载中…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/cards.py" line="51" />
            <source>图片尚未下载，请先同步</source>
            <translation>Image not downloaded yet; sync first</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/card_delegate.py" line="224" />
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/thumbnail_provider.py" line="37" />
            <source>暂无图片</source>
            <translation>No image</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/cards.py" line="46" />
            <source>未同步</source>
            <translation>Not synced</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/card_delegate.py" line="235" />
            <source>材料状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/cards.py" line="49" />
            <source>核验不通过</source>
            <translation>Failed</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/card_delegate.py" line="334" />
            <location filename="../../src/reviewdesk/views/special/cards.py" line="202" />
            <source>核验备注</source>
            <translation>Verification remark</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/card_delegate.py" line="362" />
            <location filename="../../src/reviewdesk/views/special/cards.py" line="200" />
            <source>核验状态</source>
            <translation>Verification</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/cards.py" line="48" />
            <source>核验通过</source>
            <translation>Verified</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/card_delegate.py" line="237" />
            <source>申报级别</source>
            <translation>Level</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/card_delegate.py" line="238" />
            <source>类别(专业)</source>
            <translation>Category</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/thumbnail_provider.py" line="71" />
            <source>缩略图无法读取</source>
            <translation>Thumbnail cannot be read</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/card_delegate.py" line="236" />
            <source>缴费状态</source>
            <translation>Payment</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/card_delegate.py" line="224" />
            <source>证件号码</source>
            <translation>ID number</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/card_delegate.py" line="184" />
            <source>该材料已不在本地数据中，请重新搜索</source>
            <translation>This material is no longer in the local data; search again</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/cards.py" line="71" />
            <source>预审提示</source>
            <translation>Pre-check</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/cards.py" line="193" />
            <source>（已不在本地数据中）</source>
            <translation>(no longer in the local data)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/cards.py" line="68" />
            <source>；</source>
            <translation>; </translation>
        </message>
    </context>
    <context>
        <name>MaterialFields</name>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="31" />
            <source>专业</source>
            <translation>Specialty</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="24" />
            <source>专业类型</source>
            <translation>Major type</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="26" />
            <source>入学时间</source>
            <translation>Enrolled</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="32" />
            <source>取得方式</source>
            <translation>Obtained by</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="33" />
            <source>取得途径</source>
            <translation>Route</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="48" />
            <source>培训专业</source>
            <translation>Training specialty</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="49" />
            <source>培训基地</source>
            <translation>Training base</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="23" />
            <source>学习形式</source>
            <translation>Mode of study</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="44" />
            <source>学位名称</source>
            <translation>Degree</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="45" />
            <source>学位证号</source>
            <translation>Degree certificate no.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="25" />
            <source>学制</source>
            <translation>Length of study</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="18" />
            <source>学历层次</source>
            <translation>Education level</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="19" />
            <source>学历层级</source>
            <translation>Education level</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="22" />
            <source>学历认证报告编号</source>
            <translation>Credential report no.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="27" />
            <source>所学专业</source>
            <translation>Major</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="42" />
            <source>执业地点</source>
            <translation>Place of practice</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="34" />
            <source>批准日期</source>
            <translation>Approved on</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="46" />
            <source>授予单位</source>
            <translation>Awarded by</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="47" />
            <source>授予日期</source>
            <translation>Awarded on</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="36" />
            <source>是否为省线证</source>
            <translation>Provincial-line certificate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="37" />
            <source>是否基卫高</source>
            <translation>Primary-care senior title</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="43" />
            <source>有效期至</source>
            <translation>Valid until</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="21" />
            <source>毕业学校</source>
            <translation>School</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="20" />
            <source>毕业时间</source>
            <translation>Graduated</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="28" />
            <source>毕业证号</source>
            <translation>Diploma no.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="40" />
            <source>签发日期</source>
            <translation>Issued on</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="50" />
            <source>结业日期</source>
            <translation>Completed on</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="38" />
            <source>聘任日期</source>
            <translation>Appointed on</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="51" />
            <source>补充说明</source>
            <translation>Notes</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="35" />
            <source>证书编号</source>
            <translation>Certificate no.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="41" />
            <source>证书编码</source>
            <translation>Certificate code</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="39" />
            <source>资格类别</source>
            <translation>Qualification category</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="29" />
            <source>资格系列</source>
            <translation>Qualification series</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/material_field_names.py" line="30" />
            <source>资格级别</source>
            <translation>Qualification level</translation>
        </message>
    </context>
    <context>
        <name>MaterialFilterPanel</name>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="65" />
            <source>{name}止</source>
            <translation>{name} to</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="64" />
            <source>{name}起</source>
            <translation>{name} from</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="36" />
            <source>不限</source>
            <translation>Any</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="42" />
            <source>专业类型</source>
            <translation>Major type</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="43" />
            <source>入学时间</source>
            <translation>Enrolled</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="35" />
            <source>全部</source>
            <translation>All</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="41" />
            <source>学历层级</source>
            <translation>Education level</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="47" />
            <source>审核状态</source>
            <translation>Review status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="231" />
            <source>展开</source>
            <translation>Expand</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="127" />
            <source>批量核验</source>
            <translation>Batch verify</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="124" />
            <source>搜索</source>
            <translation>Search</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="128" />
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="231" />
            <source>收起</source>
            <translation>Collapse</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="46" />
            <source>数据层级</source>
            <translation>Data scope</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="40" />
            <source>核验状态</source>
            <translation>Verification status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="44" />
            <source>毕业学校</source>
            <translation>School</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="45" />
            <source>毕业时间</source>
            <translation>Graduated</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="70" />
            <source>至</source>
            <translation>to</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="113" />
            <source>请输入</source>
            <translation>Type here</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/filter_panel.py" line="126" />
            <source>重置</source>
            <translation>Reset</translation>
        </message>
    </context>
    <context>
        <name>RecordTableModel</name>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="339" />
            <source>{title}（点击排序）</source>
            <translation>{title} (click to sort)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="418" />
            <source>{title}：{status}</source>
            <translation>{title}: {status}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="409" />
            <source>冲突：服务器未接受本地的审核操作，请在“冲突”中查看并处理</source>
            <translation>Conflict: the server did not accept a local review action; see “Conflicts”</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="426" />
            <source>均为一般提示</source>
            <translation>hints only</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="415" />
            <source>已同步</source>
            <translation>Synced</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="424" />
            <source>有需重点核实的提示</source>
            <translation>at least one needs a close look</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="417" />
            <source>未到达本级</source>
            <translation>not reached this tier</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="412" />
            <source>未同步：有 {n} 项本地操作尚未同步到服务器</source>
            <translation>Not synced: {n} local actions not yet sent to the server</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="412" />
            <source>未同步：有 {n} 项本地操作尚未同步到服务器</source>
            <comment>exactly one</comment>
            <translation>Not synced: {n} local action not yet sent to the server</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="420" />
            <source>查看审核详情</source>
            <translation>View review details</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="428" />
            <source>预审提示 {n} 项，{worst}（仅供参考，不代替审核）</source>
            <translation>{n} pre-check flags, {worst} (pointers only, not a decision)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/table_model.py" line="428" />
            <source>预审提示 {n} 项，{worst}（仅供参考，不代替审核）</source>
            <comment>exactly one</comment>
            <translation>{n} pre-check flag, {worst} (pointers only, not a decision)</translation>
        </message>
    </context>
    <context>
        <name>ReportDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/review/report_dialog.py" line="54" />
            <source>将把 {count} 条审核通过的考生材料上报至上级（{superior}）。

上报后本级不能再修改这些考生的审核结果。确定上报吗？</source>
            <translation>{count} approved candidates' materials will be reported up to the superior tier ({superior}).

After that, this tier can no longer change their review results. Report up now?</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/report_dialog.py" line="54" />
            <source>将把 {count} 条审核通过的考生材料上报至上级（{superior}）。

上报后本级不能再修改这些考生的审核结果。确定上报吗？</source>
            <comment>exactly one</comment>
            <translation>{count} approved candidate's materials will be reported up to the superior tier ({superior}).

After that, this tier can no longer change its review result. Report up now?</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/report_dialog.py" line="19" />
            <source>当前没有审核通过且未上报的考生材料。</source>
            <translation>There are no approved candidates waiting to be reported up.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/report_dialog.py" line="68" />
            <location filename="../../src/reviewdesk/views/review/report_dialog.py" line="72" />
            <source>材料上报</source>
            <translation>Report up</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/report_dialog.py" line="20" />
            <source>省级是最后一级审核，无需材料上报。</source>
            <translation>The province is the last review tier; there is nothing to report up.</translation>
        </message>
    </context>
    <context>
        <name>ReviewDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="197" />
            <source>{outcome}不可选：{reason}</source>
            <translation>{outcome} not available: {reason}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="188" />
            <source>{outcome}（不可选）</source>
            <translation>{outcome} (not available)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="244" />
            <source>、</source>
            <translation>, </translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="189" />
            <source>不可选：{reason}</source>
            <translation>Not available: {reason}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="316" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="142" />
            <source>在审核备注中加入“{remark}”</source>
            <translation>Add “{remark}” to the review remark</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="78" />
            <source>审核不通过为最终结果：提交后该考生不能再被任何一级审核。

确定提交“审核不通过”吗？</source>
            <translation>Rejected is final: after submitting, no tier can review this candidate again.

Submit “Rejected”?</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="82" />
            <source>审核不通过为最终结果：提交后这 {count} 名考生不能再被任何一级审核。

确定提交“审核不通过”吗？</source>
            <translation>Rejected is final: after submitting, no tier can review these {count} candidates again.

Submit “Rejected”?</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="82" />
            <source>审核不通过为最终结果：提交后这 {count} 名考生不能再被任何一级审核。

确定提交“审核不通过”吗？</source>
            <comment>exactly one</comment>
            <translation>Rejected is final: after submitting, no tier can review this candidate again.

Submit “Rejected”?</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="125" />
            <source>审核备注</source>
            <translation>Review remark</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="158" />
            <source>审核备注:</source>
            <translation>Review remark:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="109" />
            <source>审核状态</source>
            <translation>Review status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="155" />
            <source>审核状态:</source>
            <translation>Review status:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="133" />
            <source>常用备注（点击添加）</source>
            <translation>Usual remarks (click to add)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="313" />
            <source>提交</source>
            <translation>Submit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="319" />
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="352" />
            <source>提交 (Enter / Ctrl+Enter)</source>
            <translation>Submit (Enter / Ctrl+Enter)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="63" />
            <source>有疑问，做标记，延后再审</source>
            <translation>In doubt: mark it and review it later</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="299" />
            <source>材料审核</source>
            <translation>Review materials</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="89" />
            <source>确认审核不通过</source>
            <translation>Confirm rejection</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="65" />
            <source>考生不符合申报要求，拒绝审核，且任何一级都无法再重新审核（最终结果）</source>
            <translation>The candidate does not meet the requirements; refused, and no tier can review again (final result)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="62" />
            <source>考生具备申报要求且材料上传合法有效；可材料上报至上级继续审核</source>
            <translation>The candidate meets the requirements and the uploaded materials are valid; can be reported up for further review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="64" />
            <source>考生符合要求，但材料填报有误，退回考生修改后重新提交</source>
            <translation>The candidate qualifies but the materials have errors; returned to the candidate to correct and resubmit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="192" />
            <source>该考生当前不能审核：{reason}</source>
            <translation>This candidate cannot be reviewed now: {reason}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="44" />
            <source>请输入审核备注</source>
            <translation>Enter a review remark</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="278" />
            <source>请输入审核备注（必填）</source>
            <translation>Enter a review remark (required)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="43" />
            <source>请选择</source>
            <translation>Please choose</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="45" />
            <source>请选择审核状态</source>
            <translation>Choose a review status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/review/review_dialog.py" line="243" />
            <source>预审提示建议（请自行判断）：{remarks}</source>
            <translation>The pre-check points to (your judgement decides): {remarks}</translation>
        </message>
    </context>
    <context>
        <name>SelfTest</name>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="127" />
            <source>Qt 自带对话框为中文</source>
            <translation>Qt's own dialogs in Chinese</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="124" />
            <source>Qt 自带对话框未翻译：{text}</source>
            <translation>Qt's own dialog text not translated: {text}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="40" />
            <source>[失败] {step}：{error}</source>
            <translation>[FAILED] {step}: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="43" />
            <source>[通过] {step}（{seconds} 秒）</source>
            <translation>[PASSED] {step} ({seconds} s)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="148" />
            <source>下载考生数据</source>
            <translation>Download candidate data</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="171" />
            <source>列表 {rows} 条，应为 {expected} 条</source>
            <translation>The list has {rows} rows, expected {expected}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="226" />
            <source>同步</source>
            <translation>Sync</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="224" />
            <source>同步后仍有待上传的操作</source>
            <translation>Actions still waiting to upload after the sync</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="133" />
            <source>启动本机服务器</source>
            <translation>Start the local server</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="207" />
            <source>审核对话框未预选审核通过</source>
            <translation>The review dialog did not preselect Approved</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="215" />
            <source>审核通过（经审核菜单和审核对话框）</source>
            <translation>Approve (through the Review menu and the review dialog)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="150" />
            <source>打开主窗口</source>
            <translation>Open the main window</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="99" />
            <source>无结果</source>
            <translation>no result</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="238" />
            <source>服务器上已是审核通过</source>
            <translation>Approved on the server</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="235" />
            <source>服务器上的状态为 {status}</source>
            <translation>The status on the server is {status}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="222" />
            <source>服务器接受 {n} 条，应为 1 条</source>
            <translation>The server accepted {n}, expected 1</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="208" />
            <source>本地没有待同步的审核结果</source>
            <translation>No review result waiting to sync locally</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="212" />
            <source>本地状态不是审核通过</source>
            <translation>The local status is not Approved</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="146" />
            <source>没有下载到考生</source>
            <translation>No candidates were downloaded</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="167" />
            <source>没有待审核的考生</source>
            <translation>No candidates pending review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="186" />
            <source>没有选中考生</source>
            <translation>No candidate selected</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="130" />
            <source>生成演示数据</source>
            <translation>Generate demo data</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="139" />
            <source>登录（{username}）</source>
            <translation>Sign in ({username})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="179" />
            <source>筛选（已提交、本级待审核）</source>
            <translation>Filter (submitted, pending review at this tier)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="89" />
            <source>自检失败：{step}</source>
            <translation>Self-test failed: {step}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="92" />
            <source>自检通过（共 {seconds} 秒）</source>
            <translation>Self-test passed ({seconds} s in all)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="187" />
            <source>详情未显示选中的考生</source>
            <translation>The details do not show the selected candidate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="189" />
            <source>详情缺少基础信息</source>
            <translation>The details lack the basic information</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/demo/self_test.py" line="192" />
            <source>选择考生并显示详情</source>
            <translation>Select a candidate and show the details</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/shell/settings_dialog.py" line="73" />
            <source>审核后自动跳到下一条</source>
            <translation>Advance to the next record after a decision</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/settings_dialog.py" line="71" />
            <source>审核后自动跳到下一条(&amp;A)</source>
            <translation>&amp;Advance to the next record after a decision</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/settings_dialog.py" line="114" />
            <source>已恢复默认窗口布局</source>
            <translation>Default window layout restored</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/settings_dialog.py" line="78" />
            <source>恢复默认窗口布局</source>
            <translation>Restore the default window layout</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/settings_dialog.py" line="76" />
            <source>恢复默认窗口布局(&amp;R)</source>
            <translation>&amp;Restore the default window layout</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/settings_dialog.py" line="55" />
            <source>服务器地址</source>
            <translation>Server address</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/settings_dialog.py" line="83" />
            <source>服务器地址(&amp;S)：</source>
            <translation>&amp;Server address:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/settings_dialog.py" line="60" />
            <location filename="../../src/reviewdesk/views/shell/settings_dialog.py" line="122" />
            <source>界面语言</source>
            <translation>Interface language</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/settings_dialog.py" line="85" />
            <source>界面语言(&amp;L)：</source>
            <translation>Interface &amp;language:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/settings_dialog.py" line="123" />
            <source>界面语言已设为 {language}。请关闭并重新启动 reviewdesk，新的语言才会生效。</source>
            <translation>The language is set to {language}. Close and restart reviewdesk for it to take effect.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/settings_dialog.py" line="49" />
            <source>设置</source>
            <translation>Settings</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/settings_dialog.py" line="65" />
            <source>语言更改将在重新启动 reviewdesk 后生效。</source>
            <translation>The language change takes effect when reviewdesk is restarted.</translation>
        </message>
    </context>
    <context>
        <name>ShortcutsDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="200" />
            <location filename="../../src/reviewdesk/views/shell/about.py" line="209" />
            <source>快捷键</source>
            <translation>Keyboard shortcuts</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="204" />
            <source>快捷键列表</source>
            <translation>Keyboard shortcut list</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="208" />
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/about.py" line="207" />
            <source>菜单</source>
            <translation>Menu</translation>
        </message>
    </context>
    <context>
        <name>SpecialInfoPage</name>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="504" />
            <source>{action} (Y)</source>
            <translation>{action} (Y)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="329" />
            <source>{kind} 共 {n} 条</source>
            <translation>{kind}: {n} in total</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verification.py" line="166" />
            <source>{reason}（{n} 条）</source>
            <translation>{reason} ({n})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="147" />
            <source>专项信息材料</source>
            <translation>Special information materials</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="137" />
            <location filename="../../src/reviewdesk/views/special/page.py" line="169" />
            <source>全选</source>
            <translation>Select all</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="305" />
            <source>可撤销</source>
            <translation>Can be undone</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="142" />
            <source>将所选材料设为核验不通过，须填写核验备注 (N)</source>
            <translation>Mark the selected materials as failed verification; a remark is required (N)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="140" />
            <source>将所选材料设为核验通过 (Y)</source>
            <translation>Mark the selected materials as verified (Y)</translation>
        </message>
        <message>
            <source>已将 {n} 条材料设为{status}（未同步，可撤销）</source>
            <translation type="vanished">{n} materials set to {status} (not synced yet, can be undone)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="453" />
            <source>已撤销：{action}</source>
            <translation>Undone: {action}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="334" />
            <source>已选 {n} 条</source>
            <translation>{n} selected</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="196" />
            <source>当前材料的全部信息</source>
            <translation>All details of the current material</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="515" />
            <source>批量核验…</source>
            <translation>Batch verify…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="134" />
            <location filename="../../src/reviewdesk/views/special/page.py" line="170" />
            <source>撤销</source>
            <translation>Undo</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="135" />
            <source>撤销最近一次尚未同步的操作 (Ctrl+Z)</source>
            <translation>Undo the latest action not yet synced (Ctrl+Z)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="308" />
            <source>撤销：{action} (Ctrl+Z)</source>
            <translation>Undo: {action} (Ctrl+Z)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="167" />
            <location filename="../../src/reviewdesk/views/special/page.py" line="168" />
            <location filename="../../src/reviewdesk/views/special/page.py" line="514" />
            <source>查看大图</source>
            <translation>View full size</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="141" />
            <source>核验不通过…</source>
            <translation>Fail verification…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="508" />
            <source>核验不通过… (N)</source>
            <translation>Fail verification… (N)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verification.py" line="129" />
            <source>核验不通过（{n} 条）</source>
            <translation>Fail verification ({n})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="259" />
            <source>核验已同步到服务器</source>
            <translation>Verifications synced to the server</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verification.py" line="36" />
            <source>没有可撤销的操作（已同步的操作不能撤销）</source>
            <translation>Nothing to undo (synced actions cannot be undone)</translation>
        </message>
        <message>
            <source>没有材料被核验</source>
            <translation type="vanished">No material was verified</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="444" />
            <source>没有符合条件的材料</source>
            <translation>No materials match</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verification.py" line="33" />
            <source>请先选择要核验的材料（单击卡片选择，Ctrl/Shift 多选，Ctrl+A 全选）</source>
            <translation>Select the materials to verify first (click a card; Ctrl/Shift for several, Ctrl+A for all)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="353" />
            <source>选择一张卡片，在此查看它的全部信息</source>
            <translation>Select a card to read all its details here</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/page.py" line="138" />
            <source>选择全部符合条件的材料 (Ctrl+A)</source>
            <translation>Select all matching materials (Ctrl+A)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verification.py" line="172" />
            <source>部分材料不能核验</source>
            <translation>Some materials cannot be verified</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verification.py" line="165" />
            <source>；</source>
            <translation>; </translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verification.py" line="169" />
            <source>；{n} 条不能核验：{details}</source>
            <translation>; {n} cannot be verified: {details}</translation>
        </message>
    </context>
    <context>
        <name>SyncErrors</name>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="44" />
            <source>同步位置已失效，需要重新下载全部数据</source>
            <translation>The sync position has expired; all data must be downloaded again</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="45" />
            <source>图片下载内容校验失败，已丢弃</source>
            <translation>A downloaded image failed its check and was discarded</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="42" />
            <source>无法连接服务器，请检查网络后重试；您可以继续离线审核</source>
            <translation>Cannot reach the server; check the network and try again. You can keep reviewing offline</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="38" />
            <source>服务器地址无效，请填写以 http:// 或 https:// 开头的完整地址，例如 https://review.example.cn</source>
            <translation>Invalid server address: enter the full address starting with http:// or https://, for example https://review.example.cn</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="36" />
            <source>服务器版本不兼容，请联系管理员或更新本程序</source>
            <translation>The server version is not compatible; contact the administrator or update this program</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="43" />
            <source>服务器证书验证失败，请检查服务器地址或证书设置</source>
            <translation>The server certificate could not be verified; check the server address or the certificate settings</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="37" />
            <source>服务器返回的数据格式不正确，请稍后重试或联系管理员</source>
            <translation>The server's reply is malformed; try again later or contact the administrator</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="34" />
            <source>服务器返回错误</source>
            <translation>The server returned an error</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="35" />
            <source>登录已失效，请重新登录</source>
            <translation>The sign-in has expired; please sign in again</translation>
        </message>
    </context>
    <context>
        <name>SyncTexts</name>
        <message>
            <source>上传 {pushed} 项（成功 {applied}，冲突 {conflicts}，被拒 {rejected}）</source>
            <translation type="vanished">Uploaded {pushed} (applied {applied}, conflicts {conflicts}, refused {rejected})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="79" />
            <source>上传 {pushed} 项（成功 {applied}，此前已上传 {duplicates}，冲突 {conflicts}，被拒 {rejected}）</source>
            <translation>Uploaded {pushed} (applied {applied}, already applied before {duplicates}, conflicts {conflicts}, refused {rejected})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="25" />
            <source>上传审核结果</source>
            <translation>Uploading review results</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="127" />
            <source>上次同步错误：{error}</source>
            <translation>Last sync error: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="124" />
            <source>上次同步：{when}</source>
            <translation>Last sync: {when}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="28" />
            <source>下载图片</source>
            <translation>Downloading images</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="26" />
            <source>下载更新</source>
            <translation>Downloading updates</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="27" />
            <source>下载考生数据</source>
            <translation>Downloading candidate data</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="125" />
            <source>从未同步</source>
            <translation>never</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="90" />
            <source>全量下载 {n} 条</source>
            <translation>full download {n} records</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="90" />
            <source>全量下载 {n} 条</source>
            <comment>exactly one</comment>
            <translation>full download {n} record</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="109" />
            <source>全量下载未完成</source>
            <translation>full download not finished</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="29" />
            <source>准备考生列表</source>
            <translation>Preparing the candidate list</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="130" />
            <source>同步位置：{cursor}</source>
            <translation>Sync position: {cursor}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="94" />
            <source>图片 {n} 张</source>
            <translation>{n} images</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="94" />
            <source>图片 {n} 张</source>
            <comment>exactly one</comment>
            <translation>{n} image</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="98" />
            <source>图片失败 {n} 张</source>
            <translation>{n} images failed</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="98" />
            <source>图片失败 {n} 张</source>
            <comment>exactly one</comment>
            <translation>{n} image failed</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="123" />
            <source>已下载图片：{n} 张</source>
            <translation>Downloaded images: {n}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="100" />
            <source>已取消</source>
            <translation>cancelled</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="121" />
            <source>待同步操作：{n} 项</source>
            <translation>Actions waiting to sync: {n}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="108" />
            <source>无</source>
            <translation>none</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="92" />
            <source>更新 {n} 条</source>
            <translation>updated {n} records</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="92" />
            <source>更新 {n} 条</source>
            <comment>exactly one</comment>
            <translation>updated {n} record</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="113" />
            <source>服务器：{server}</source>
            <translation>Server: {server}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="122" />
            <source>未处理冲突：{n} 项</source>
            <translation>Open conflicts: {n}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="112" />
            <source>本地数据：{path}</source>
            <translation>Local data: {path}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="120" />
            <source>考生记录：{n} 条</source>
            <translation>Candidate records: {n}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="114" />
            <source>账号：{username}（{name}，{org}，{tier}）</source>
            <translation>Account: {username} ({name}, {org}, {tier})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="102" />
            <source>错误：{error}</source>
            <translation>error: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_texts.py" line="103" />
            <source>；</source>
            <translation>; </translation>
        </message>
    </context>
    <context>
        <name>SyncWorker</name>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_worker.py" line="229" />
            <source>{phase}…</source>
            <translation>{phase}…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_worker.py" line="227" />
            <source>{phase}：{done}/{total}</source>
            <translation>{phase}: {done}/{total}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_worker.py" line="218" />
            <source>下载数据</source>
            <translation>Download data</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_worker.py" line="133" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_worker.py" line="218" />
            <source>同步</source>
            <translation>Sync</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_worker.py" line="90" />
            <source>同步失败：{error}</source>
            <translation>Sync failed: {error}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/shell/sync_worker.py" line="219" />
            <source>正在连接服务器…</source>
            <translation>Connecting to the server…</translation>
        </message>
    </context>
    <context>
        <name>VerifyDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="262" />
            <source>{n} 条不能核验</source>
            <translation>{n} cannot be verified</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="251" />
            <source>{n} 条已是{status}，不改动</source>
            <translation>{n} already {status}, left as they are</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="89" />
            <source>{n} 条已是{status}，未改动</source>
            <translation>{n} already {status}, left unchanged</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="257" />
            <source>{n} 条已有其他核验结果（{what}），保留不改</source>
            <translation>{n} have another result ({what}) and are kept</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="257" />
            <source>{n} 条已有其他核验结果（{what}），保留不改</source>
            <comment>exactly one</comment>
            <translation>{n} has another result ({what}) and is kept</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="96" />
            <source>{n} 条已有其他核验结果（{what}），已保留</source>
            <translation>{n} had another result ({what}), kept</translation>
        </message>
        <message>
            <source>、</source>
            <translation type="vanished">, </translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="265" />
            <source>也改写这 {n} 条已有的核验结果（{what}）</source>
            <translation>Also change these {n} existing results ({what})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="143" />
            <source>全部符合条件的 {n} 条</source>
            <translation>All {n} matching</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="86" />
            <source>其中 {n} 条改写了原有核验结果</source>
            <translation>{n} of them overturned an earlier result</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="162" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="248" />
            <source>将更改 {n} 条</source>
            <translation>{n} will change</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="80" />
            <source>已将 {n} 条材料设为{status}（未同步，可撤销）</source>
            <translation>{n} materials set to {status} (not synced yet, can be undone)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="80" />
            <source>已将 {n} 条材料设为{status}（未同步，可撤销）</source>
            <comment>exactly one</comment>
            <translation>{n} material set to {status} (not synced yet, can be undone)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="138" />
            <source>常用备注…</source>
            <translation>Usual remarks…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="244" />
            <source>所选 {n} 条材料现为：{counts}</source>
            <translation>The {n} chosen materials now: {counts}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="244" />
            <source>所选 {n} 条材料现为：{counts}</source>
            <comment>exactly one</comment>
            <translation>The {n} chosen material now: {counts}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="142" />
            <source>所选的 {n} 条</source>
            <translation>The {n} selected</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="123" />
            <source>批量核验</source>
            <translation>Batch verify</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="161" />
            <source>提交</source>
            <translation>Submit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="67" />
            <source>改写已有核验结果</source>
            <translation>Overturn existing results</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="135" />
            <source>核验备注</source>
            <translation>Verification remark</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="175" />
            <source>核验备注:</source>
            <translation>Remark:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="174" />
            <source>核验状态:</source>
            <translation>Status:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="82" />
            <source>没有材料被核验</source>
            <translation>No material was verified</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="227" />
            <source>没有需要更改的材料</source>
            <translation>Nothing to change</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="68" />
            <source>确定将 {n} 条已有核验结果（{what}）的材料改为{status}？这会覆盖之前的核验结果。</source>
            <translation>Change {n} materials that already have a result ({what}) to {status}? This overwrites the earlier result.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="68" />
            <source>确定将 {n} 条已有核验结果（{what}）的材料改为{status}？这会覆盖之前的核验结果。</source>
            <comment>exactly one</comment>
            <translation>Change {n} material that already has a result ({what}) to {status}? This overwrites the earlier result.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="178" />
            <source>范围:</source>
            <translation>Apply to:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="44" />
            <source>请填写核验备注：核验不通过必须填写备注</source>
            <translation>Please enter a verification remark: failing verification requires a remark</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="134" />
            <source>请输入核验备注</source>
            <translation>Enter the verification remark</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="216" />
            <source>请选择核验状态</source>
            <translation>Choose a verification status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="100" />
            <location filename="../../src/reviewdesk/views/special/verify_dialog.py" line="263" />
            <source>；</source>
            <translation>; </translation>
        </message>
    </context>
    <context>
        <name>Wording</name>
        <message>
            <location filename="../../src/reviewdesk/views/common/wording.py" line="53" />
            <source>、</source>
            <translation>, </translation>
        </message>
    </context>
    <context>
        <name>Workflow</name>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="70" />
            <source>{what}（{n} 条）</source>
            <translation>{what} ({n})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="69" />
            <source>{what}（{n} 项）</source>
            <translation>{what} ({n})</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="76" />
            <source>、</source>
            <translation>, </translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="26" />
            <source>下级尚未上报该考生的材料，本级不能审核</source>
            <translation>The tier below has not reported this candidate's materials up yet; this tier cannot review them</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="36" />
            <source>单位已开始审核，不能撤回报名</source>
            <translation>The unit has started reviewing; the registration cannot be withdrawn</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="31" />
            <source>只有本级审核通过的考生才能材料上报</source>
            <translation>Only candidates approved at this tier can be reported up</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="28" />
            <source>已材料上报至上级，本级已锁定，不能再修改</source>
            <translation>Reported up to the superior tier; locked at this tier and can no longer be changed</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="35" />
            <source>报名尚未提交，无需撤回</source>
            <translation>The registration has not been submitted; nothing to withdraw</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="34" />
            <source>报名已审核不通过，不能再次提交</source>
            <translation>The registration was rejected and cannot be submitted again</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="33" />
            <source>报名已提交，不能重复提交</source>
            <translation>The registration has already been submitted</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="32" />
            <source>省级为最高审核层级，审核通过即审核结束，无需材料上报</source>
            <translation>The province is the highest review tier: approval ends the review, there is nothing to report up</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="29" />
            <source>省级已审核通过，审核已结束</source>
            <translation>Approved by the province; the review is over</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="24" />
            <source>考生尚未提交报名，不能审核</source>
            <translation>The candidate has not submitted the registration yet; it cannot be reviewed</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="50" />
            <source>考生已修改该材料并重新提交</source>
            <translation>The candidate changed this material and submitted again</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="46" />
            <source>考生已撤回报名或报名已退回修改，当前不在审核中</source>
            <translation>The candidate withdrew the registration or it was returned for changes; it is not under review now</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="47" />
            <source>考生已重新提交，材料已变更</source>
            <translation>The candidate submitted again; the materials have changed</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="52" />
            <source>记录不存在或不在您的权限范围内</source>
            <translation>The record does not exist or is outside your scope</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="39" />
            <source>该材料不在本地数据中，请先同步</source>
            <translation>This material is not in the local data; sync first</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="51" />
            <source>该材料的核验状态在您核验后已被他人修改</source>
            <translation>Someone else changed this material's verification after yours</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="38" />
            <source>该考生不在本地数据中（可能已不属于本级审核范围），请先同步</source>
            <translation>This candidate is not in the local data (perhaps no longer in this tier's scope); sync first</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="48" />
            <source>该考生已不在本级审核（已上报上级或已由其他层级处理）</source>
            <translation>This candidate is no longer reviewed at this tier (reported up, or handled by another tier)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="27" />
            <source>该考生已审核不通过，审核不通过为最终结果，任何一级都不能再审核</source>
            <translation>This candidate was rejected; rejection is final and no tier can review again</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="25" />
            <source>该考生的报名不经过本级审核</source>
            <translation>This candidate's registration is not reviewed at this tier</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="49" />
            <source>该考生的报名在您审核后已被他人修改</source>
            <translation>Someone else changed this registration after your review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="30" />
            <source>请填写审核备注：除审核通过外，其他审核结果必须填写备注</source>
            <translation>Enter a review remark: every result except Approved needs a remark</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/common/workflow_texts.py" line="37" />
            <source>请填写核验备注：核验不通过必须填写备注</source>
            <translation>Enter a verification remark: Verification failed needs a remark</translation>
        </message>
    </context>
</TS>
