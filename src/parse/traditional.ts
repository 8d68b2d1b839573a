/**
 * Reports in traditional characters: a site's big5 gateway (`/gate/big5/…`) or a mirror serves the
 * same page converted character by character (政府信息公開工作年度報告, 第二十條第（一）項). No label
 * matches such a text, so it was no report at all. When a text is plainly traditional, its
 * traditional characters are read as their simplified forms, one for one (offsets kept): the
 * characters of the statutory labels, headings and agency names, and the common ones around them.
 * A text in simplified characters is never touched (a stray 於 or 後 in a name does not make it
 * traditional).
 */
import type { Normalized } from '../read/normalize.js';

/** Traditional character, then its simplified form. */
const PAIRS = [
  '並并來来係系倉仓個个們们備备傳传債债傷伤僅仅價价儀仪億亿優优內内兩两則则創创劃划劇剧劉刘劑剂動动務务勝胜勞劳勢势勵励區区協协參参吳吴員员問问單单嚴严國国圍围園园',
  '圖图團团執执報报場场塊块壓压壞坏夠够奮奋嬰婴孫孙學学實实寧宁審审寫写寶宝將将專专對对導导屆届層层屬属島岛嶺岭師师帶带幣币幫帮幹干幾几廈厦廠厂廢废廣广廳厅張张強强',
  '彈弹後后從从復复徵征徹彻愛爱態态慶庆憂忧懇恳應应懷怀戰战戲戏戶户掃扫採采揚扬換换損损搖摇撥拨擁拥擇择擊击擔担據据擴扩攜携攝摄敵敌數数斂敛斷断於于時时暢畅曆历曉晓',
  '書书會会東东條条棄弃楊杨業业極极構构樓楼標标樞枢樣样橋桥機机檔档檢检欄栏權权歐欧歡欢歲岁歷历歸归殘残殺杀殼壳氣气決决沒没況况淚泪淨净淵渊淺浅減减測测湧涌湯汤準准',
  '溝沟溫温滅灭滬沪滯滞滿满漁渔漢汉漲涨漸渐潔洁潛潜潤润濕湿濟济濤涛濱滨瀋沈瀏浏瀕濒灣湾災灾為为無无煙烟熱热燈灯營营爐炉爭争爾尔牆墙牽牵狀状猶犹獄狱獅狮獎奖獨独獲获',
  '獻献現现瑪玛環环璽玺瓊琼甕瓮產产畝亩畢毕畫画異异當当療疗癒愈發发盜盗盡尽監监盤盘睜睁矯矫硯砚確确碼码礎础礙碍禍祸禦御禪禅禮礼秈籼稅税稈秆稜棱種种稱称穀谷積积穩稳',
  '窮穷窯窑竄窜竊窃競竞筆笔筍笋節节範范築筑篩筛簡简簽签籃篮籤签粵粤糞粪糧粮糾纠紀纪約约紅红紉纫納纳純纯紗纱紙纸級级紛纷紡纺細细紳绅紹绍終终絃弦組组結结絕绝絡络給给',
  '絨绒統统絲丝綁绑經经綜综綠绿綫线維维綱纲網网綿绵緊紧線线緝缉緞缎締缔緣缘編编緩缓練练縣县縫缝縮缩總总績绩織织繩绳繪绘繫系繭茧繳缴繼继續续纖纤纜缆罰罚罷罢羅罗羨羡',
  '習习聖圣聞闻聯联聲声職职聽听肅肃腦脑腫肿膚肤臘腊臺台與与興兴舉举舊旧艦舰莊庄華华萬万葉叶蔣蒋蕭萧薦荐薩萨藝艺蘆芦蘇苏蘭兰處处虛虚號号蟲虫蠶蚕衆众術术衛卫衝冲裏里',
  '補补裝装裡里製制複复襲袭覈核見见規规覓觅視视親亲覺觉覽览觀观觸触訂订計计訊讯討讨託托記记訟讼訪访設设許许訴诉診诊註注詐诈評评詞词詢询試试詩诗詮诠話话詳详誌志認认',
  '誕诞語语誠诚誤误說说誰谁課课誼谊調调談谈請请諒谅論论諮咨諸诸謀谋謂谓謊谎講讲謝谢謹谨證证識识譜谱譯译議议護护讀读變变讒谗讓让讚赞豎竖豐丰貓猫貝贝貞贞負负財财貢贡',
  '貧贫貨货販贩貫贯責责貴贵買买貸贷費费貼贴賀贺資资賓宾賜赐賠赔賣卖賤贱賦赋質质賬账賴赖賺赚購购賽赛贈赠贊赞贏赢贛赣趕赶趙赵趨趋跡迹踐践躍跃車车軌轨軍军軟软軸轴較较',
  '載载輔辅輕轻輛辆輝辉輪轮輯辑輸输輿舆轄辖轉转轟轰辦办辭辞辯辩農农這这週周進进運运過过達达違违遙遥遜逊遞递遠远適适遲迟遷迁選选遺遗遼辽還还邊边郵邮鄉乡鄧邓鄭郑鄰邻',
  '醜丑醞酝醫医釀酿釋释針针釣钓鈔钞鈴铃鉛铅鉤钩銀银銅铜銜衔銳锐銷销鋪铺鋼钢錄录錘锤錢钱錦锦錯错鍊炼鍋锅鍵键鍾钟鎖锁鎮镇鏈链鏡镜鐘钟鐵铁鑑鉴鑒鉴長长門门閃闪閉闭開开',
  '閒闲間间閣阁閥阀閩闽閱阅闆板闊阔闖闯關关闡阐陘陉陝陕陣阵陰阴陳陈陸陆陽阳隊队階阶隕陨際际隨随險险隱隐隸隶雖虽雙双雛雏雜杂雞鸡離离難难雲云電电霧雾靂雳靄霭靈灵靜静',
  '韋韦韌韧韓韩響响頁页頂顶頃顷項项順顺須须頌颂預预頒颁頓顿頗颇領领頭头頰颊頸颈頻频顆颗題题額额顏颜願愿顛颠類类顧顾顫颤顯显風风颱台飄飘飛飞飢饥飯饭飲饮飼饲飽饱飾饰',
  '餅饼養养餓饿餘余館馆饑饥馬马馳驰駁驳駐驻駕驾駛驶騎骑騙骗騰腾驅驱驕骄驗验驚惊驟骤骯肮體体髮发鬆松鬥斗鬧闹魚鱼魯鲁鮮鲜鯨鲸鳥鸟鳳凤鳴鸣鴻鸿鵝鹅鶴鹤鷹鹰鹵卤鹽盐麗丽',
  '麥麦麼么黃黄點点黨党黴霉齊齐齋斋齒齿齡龄齣出龍龙龐庞龜龟',
].join('');

const TO_SIMPLIFIED: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < PAIRS.length; i += 2) m.set(PAIRS[i]!, PAIRS[i + 1]!);
  return m;
})();

/** At least this many traditional characters, and this share of the Chinese characters, make a text traditional. */
const MIN_COUNT = 20;
const MIN_SHARE = 0.05;

/** 1 for a traditional character of the table, by code unit from U+4E00 (a lookup per character, no string). */
const IS_TRAD = (() => {
  const t = new Uint8Array(0xa000 - 0x4e00);
  for (const k of TO_SIMPLIFIED.keys()) t[k.charCodeAt(0) - 0x4e00] = 1;
  return t;
})();

/** True when the text is written in traditional characters. */
export function isTraditional(text: string): boolean {
  let trad = 0;
  let cjk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fff) continue;
    cjk++;
    trad += IS_TRAD[c - 0x4e00]!;
  }
  return trad >= MIN_COUNT && trad >= cjk * MIN_SHARE;
}

/** The text with its traditional characters read as simplified ones, when it is traditional; else as it is. */
export function foldTraditional(norm: Normalized): Normalized {
  if (!isTraditional(norm.text)) return norm;
  let out = '';
  for (const ch of norm.text) out += TO_SIMPLIFIED.get(ch) ?? ch;
  // One BMP character for one: every run keeps its offsets.
  return out.length === norm.text.length ? { ...norm, text: out } : norm;
}
