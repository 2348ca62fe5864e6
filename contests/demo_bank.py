"""The demo question bank: original questions on the seven reform areas, written for this project.

Each question: (area, text, choices, explanation, legal source). A choice starting with "*" is
correct. Some questions are built from a table of documents and what they govern, phrased both ways.
"""

L, I, P, O, C, F, D = (  # noqa: E741 - one letter per reform area keeps the table readable
    "leadership",
    "institutions",
    "procedures",
    "organisation",
    "civil_service",
    "public_finance",
    "digital",
)

HANDWRITTEN = [
    # --- Leadership and direction -------------------------------------------------------------
    (
        L,
        "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 được ban hành kèm theo văn bản nào?",
        [
            "Nghị quyết số 30c/NQ-CP",
            "*Nghị quyết số 76/NQ-CP",
            "Quyết định số 749/QĐ-TTg",
            "Nghị định số 61/2018/NĐ-CP",
        ],
        "Chính phủ ban hành Nghị quyết số 76/NQ-CP ngày 15/7/2021 về Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030.",
        "Nghị quyết số 76/NQ-CP",
    ),
    (
        L,
        "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011–2020 được ban hành kèm theo nghị quyết nào của Chính phủ?",
        [
            "*Nghị quyết số 30c/NQ-CP",
            "Nghị quyết số 76/NQ-CP",
            "Nghị quyết số 18-NQ/TW",
            "Nghị quyết số 57-NQ/TW",
        ],
        "Nghị quyết số 30c/NQ-CP năm 2011 ban hành Chương trình tổng thể giai đoạn 2011–2020.",
        "Nghị quyết số 30c/NQ-CP",
    ),
    (
        L,
        "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 có bao nhiêu nội dung cải cách?",
        ["Bốn", "Năm", "*Sáu", "Tám"],
        "Sáu nội dung: cải cách thể chế, thủ tục hành chính, tổ chức bộ máy, chế độ công vụ, tài chính công, xây dựng và phát triển Chính phủ điện tử, Chính phủ số.",
        "Nghị quyết số 76/NQ-CP",
    ),
    (
        L,
        "Ai chịu trách nhiệm chính về kết quả cải cách hành chính tại cơ quan, đơn vị?",
        [
            "Công chức đầu mối cải cách hành chính",
            "*Người đứng đầu cơ quan, đơn vị",
            "Chủ tịch công đoàn cơ sở",
            "Chánh Văn phòng cơ quan",
        ],
        "Người đứng đầu chịu trách nhiệm trực tiếp về kết quả cải cách hành chính ở cơ quan, đơn vị mình.",
        "Nghị quyết số 76/NQ-CP",
    ),
    (
        L,
        "Chỉ số đo lường kết quả cải cách hành chính hằng năm của các bộ và các tỉnh có tên viết tắt là gì?",
        ["PCI", "PAPI", "*PAR INDEX", "SIPAS"],
        "PAR INDEX là Chỉ số cải cách hành chính; SIPAS đo sự hài lòng, PAPI đo hiệu quả quản trị, PCI đo năng lực cạnh tranh cấp tỉnh.",
        "Bộ Nội vụ",
    ),
    (
        L,
        "Chỉ số SIPAS đo lường điều gì?",
        [
            "Năng lực cạnh tranh cấp tỉnh",
            "*Sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
            "Mức độ chuyển đổi số của doanh nghiệp",
            "Hiệu quả quản trị và hành chính công cấp tỉnh",
        ],
        "SIPAS là Chỉ số hài lòng về sự phục vụ hành chính do Bộ Nội vụ triển khai.",
        "Bộ Nội vụ",
    ),
    (
        L,
        "Kế hoạch cải cách hành chính của cơ quan, đơn vị thường được ban hành theo chu kỳ nào?",
        [
            "*Hằng năm, cụ thể hóa kế hoạch 5 năm",
            "Mười năm một lần",
            "Chỉ khi có chỉ đạo đột xuất",
            "Hai năm một lần",
        ],
        "Các cơ quan ban hành kế hoạch cải cách hành chính 5 năm và hằng năm để triển khai Chương trình tổng thể.",
        "Nghị quyết số 76/NQ-CP",
    ),
    (
        L,
        "Kiểm tra công tác cải cách hành chính nhằm mục đích chính nào?",
        [
            "Thay thế việc chấm điểm Chỉ số cải cách hành chính",
            "*Đôn đốc thực hiện, phát hiện hạn chế để kịp thời chấn chỉnh",
            "Xử lý kỷ luật toàn bộ công chức",
            "Thu phí của cơ quan được kiểm tra",
        ],
        "Kiểm tra giúp phát hiện, chấn chỉnh kịp thời và là căn cứ đánh giá trách nhiệm người đứng đầu.",
        "",
    ),
    (
        L,
        "Nội dung nào thuộc công tác thông tin, tuyên truyền cải cách hành chính?",
        [
            "*Tổ chức cuộc thi tìm hiểu về cải cách hành chính",
            "Tăng lệ phí giải quyết thủ tục",
            "Giảm số điểm tiếp nhận hồ sơ",
            "Hạn chế công khai thủ tục hành chính",
        ],
        "Cuộc thi tìm hiểu là một hình thức tuyên truyền, nâng cao nhận thức về cải cách hành chính.",
        "",
    ),
    (
        L,
        "Mục tiêu về mức độ hài lòng của người dân, doanh nghiệp đối với việc giải quyết thủ tục hành chính đến năm 2030 theo Chương trình tổng thể là bao nhiêu?",
        ["Tối thiểu 70%", "Tối thiểu 80%", "Tối thiểu 90%", "*Tối thiểu 95%"],
        "Nghị quyết số 76/NQ-CP đặt mục tiêu mức độ hài lòng đạt tối thiểu 90% vào năm 2025 và 95% vào năm 2030.",
        "Nghị quyết số 76/NQ-CP",
    ),
    (
        L,
        "Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương bàn về vấn đề nào?",
        [
            "Phát triển khoa học, công nghệ",
            "*Tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
            "Cải cách chính sách tiền lương",
            "Xây dựng nông thôn mới",
        ],
        "",
        "Nghị quyết số 18-NQ/TW",
    ),
    # --- Institutional reform ----------------------------------------------------------------
    (
        I,
        "Cải cách thể chế trong Chương trình tổng thể tập trung vào nội dung nào?",
        [
            "Chỉ tăng số lượng văn bản quy phạm pháp luật",
            "*Xây dựng, hoàn thiện hệ thống thể chế, nâng cao chất lượng văn bản quy phạm pháp luật",
            "Giảm số lượng cơ quan hành chính",
            "Tăng số thủ tục hành chính",
        ],
        "",
        "Nghị quyết số 76/NQ-CP",
    ),
    (
        I,
        "Việc rà soát, hệ thống hóa văn bản quy phạm pháp luật nhằm mục đích gì?",
        [
            "*Phát hiện văn bản hết hiệu lực, mâu thuẫn, chồng chéo để xử lý kịp thời",
            "Tăng số lượng văn bản",
            "Giữ nguyên mọi văn bản đã ban hành",
            "Chỉ để lưu trữ",
        ],
        "",
        "",
    ),
    (
        I,
        "Khi dự thảo văn bản quy phạm pháp luật có quy định thủ tục hành chính, cơ quan chủ trì phải làm gì?",
        [
            "Không cần đánh giá",
            "*Đánh giá tác động của thủ tục hành chính",
            "Chỉ xin ý kiến nội bộ",
            "Ban hành ngay rồi mới đánh giá",
        ],
        "Thủ tục hành chính chỉ được quy định khi thật cần thiết và phải được đánh giá tác động.",
        "Nghị định số 63/2010/NĐ-CP",
    ),
    (
        I,
        "Luật Thực hiện dân chủ ở cơ sở được Quốc hội thông qua vào năm nào?",
        ["2018", "2020", "*2022", "2024"],
        "Luật Thực hiện dân chủ ở cơ sở được thông qua ngày 10/11/2022, có hiệu lực từ 01/7/2023.",
        "Luật Thực hiện dân chủ ở cơ sở",
    ),
    (
        I,
        "Theo Luật Thực hiện dân chủ ở cơ sở, phương châm nào thể hiện quyền của Nhân dân?",
        [
            "Dân nghe, dân làm",
            "*Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng",
            "Dân góp, dân hưởng",
            "Dân bàn, nhà nước làm",
        ],
        "",
        "Luật Thực hiện dân chủ ở cơ sở năm 2022",
    ),
    (
        I,
        "Kể từ ngày 01/7/2025, chính quyền địa phương ở nước ta được tổ chức theo mô hình nào?",
        [
            "Ba cấp: tỉnh, huyện, xã",
            "*Hai cấp: tỉnh và cấp xã",
            "Một cấp: tỉnh",
            "Bốn cấp: tỉnh, huyện, xã, thôn",
        ],
        "Luật Tổ chức chính quyền địa phương năm 2025 tổ chức chính quyền địa phương hai cấp; cấp huyện kết thúc hoạt động.",
        "Luật Tổ chức chính quyền địa phương năm 2025",
    ),
    (
        I,
        "Đơn vị hành chính cấp xã sau sắp xếp năm 2025 gồm những loại nào?",
        [
            "Xã, thị trấn, quận",
            "*Xã, phường, đặc khu",
            "Xã, huyện, thị xã",
            "Phường, thị trấn, thành phố thuộc tỉnh",
        ],
        "",
        "Luật Tổ chức chính quyền địa phương năm 2025",
    ),
    (
        I,
        "Sau khi sắp xếp đơn vị hành chính cấp tỉnh năm 2025, cả nước có bao nhiêu tỉnh, thành phố trực thuộc trung ương?",
        ["28", "*34", "45", "63"],
        "Nghị quyết số 202/2025/QH15 sắp xếp 63 đơn vị hành chính cấp tỉnh thành 34 đơn vị.",
        "Nghị quyết số 202/2025/QH15",
    ),
    (
        I,
        "Văn bản quy phạm pháp luật phải được công khai như thế nào?",
        [
            "*Đăng Công báo và cơ sở dữ liệu quốc gia về pháp luật theo quy định",
            "Chỉ gửi nội bộ cơ quan ban hành",
            "Chỉ niêm yết tại trụ sở trong một ngày",
            "Không cần công khai",
        ],
        "",
        "Luật Ban hành văn bản quy phạm pháp luật",
    ),
    # --- Administrative procedures ----------------------------------------------------------
    (
        P,
        "Bộ phận tiếp nhận và trả kết quả giải quyết thủ tục hành chính cấp tỉnh hiện nay được tổ chức dưới tên gọi nào?",
        [
            "Văn phòng tiếp dân",
            "*Trung tâm Phục vụ hành chính công",
            "Phòng Tổ chức hành chính",
            "Ban Tiếp công dân",
        ],
        "",
        "Nghị định số 118/2025/NĐ-CP",
    ),
    (
        P,
        "Khi hồ sơ thủ tục hành chính giải quyết quá hạn, cơ quan có lỗi phải làm gì?",
        [
            "Không cần thông báo",
            "Yêu cầu người dân nộp lại hồ sơ từ đầu",
            "*Gửi văn bản xin lỗi và hẹn lại thời gian trả kết quả",
            "Thu thêm phí",
        ],
        "Cơ quan làm quá hạn phải có văn bản xin lỗi tổ chức, cá nhân và hẹn lại thời gian trả kết quả.",
        "Nghị định số 118/2025/NĐ-CP",
    ),
    (
        P,
        "Thời hạn giải quyết thủ tục hành chính thường được tính theo đơn vị nào, trừ khi văn bản quy định khác?",
        ["Ngày lịch", "*Ngày làm việc", "Giờ hành chính trong tuần", "Tháng"],
        "",
        "",
    ),
    (
        P,
        "Thủ tục hành chính được công khai ở đâu để người dân tra cứu?",
        [
            "Chỉ trong sổ tay nội bộ",
            "*Cơ sở dữ liệu quốc gia về thủ tục hành chính trên Cổng Dịch vụ công quốc gia và tại nơi giải quyết",
            "Chỉ trên báo in",
            "Chỉ tại cơ quan cấp trên",
        ],
        "",
        "Nghị định số 63/2010/NĐ-CP",
    ),
    (
        P,
        "Cơ chế “một cửa liên thông” là gì?",
        [
            "Mỗi cơ quan tiếp nhận riêng hồ sơ của mình",
            "*Nhiều cơ quan cùng giải quyết một hoặc một nhóm thủ tục, người dân nộp hồ sơ và nhận kết quả tại một nơi",
            "Chỉ giải quyết qua bưu điện",
            "Người dân tự đi đến từng cơ quan",
        ],
        "",
        "Nghị định số 118/2025/NĐ-CP",
    ),
    (
        P,
        "Cán bộ tiếp nhận hồ sơ có được yêu cầu người dân nộp thêm giấy tờ ngoài quy định không?",
        [
            "Có, nếu thấy cần",
            "Có, nếu lãnh đạo đồng ý miệng",
            "*Không",
            "Có, đối với hồ sơ nộp trực tiếp",
        ],
        "Yêu cầu thêm hồ sơ, giấy tờ ngoài quy định là hành vi bị nghiêm cấm.",
        "Nghị định số 118/2025/NĐ-CP",
    ),
    (
        P,
        "Khi hồ sơ chưa đầy đủ, công chức tiếp nhận phải làm gì?",
        [
            "Từ chối mà không nêu lý do",
            "*Hướng dẫn đầy đủ, cụ thể một lần để người dân bổ sung",
            "Nhận hồ sơ rồi tự bổ sung",
            "Chuyển hồ sơ cho cơ quan khác",
        ],
        "",
        "Nghị định số 118/2025/NĐ-CP",
    ),
    (
        P,
        "“Phi địa giới hành chính” trong giải quyết thủ tục hành chính có nghĩa là gì?",
        [
            "Chỉ giải quyết cho người có hộ khẩu tại địa phương",
            "*Người dân có thể nộp hồ sơ, nhận kết quả không phụ thuộc nơi cư trú đối với những thủ tục được công bố",
            "Giải quyết ở nước ngoài",
            "Chỉ giải quyết trực tuyến",
        ],
        "",
        "",
    ),
    (
        P,
        "Việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính nhằm mục đích gì?",
        [
            "Tăng giấy tờ lưu trữ",
            "*Tái sử dụng dữ liệu, người dân không phải nộp lại giấy tờ đã có",
            "Thay thế hoàn toàn công chức tiếp nhận",
            "Thu thêm phí số hóa",
        ],
        "",
        "Nghị định số 45/2020/NĐ-CP",
    ),
    (
        P,
        "Người dân có thể phản ánh, kiến nghị về quy định hành chính qua kênh nào?",
        [
            "*Hệ thống tiếp nhận phản ánh, kiến nghị trên Cổng Dịch vụ công quốc gia",
            "Chỉ qua thư tay gửi Quốc hội",
            "Không có kênh nào",
            "Chỉ qua mạng xã hội cá nhân",
        ],
        "",
        "Nghị định số 20/2008/NĐ-CP",
    ),
    (
        P,
        "Phiếu kiểm soát quá trình giải quyết hồ sơ dùng để làm gì?",
        [
            "*Theo dõi từng bước xử lý hồ sơ và trách nhiệm của từng cơ quan, người xử lý",
            "Thu phí, lệ phí",
            "Xin chữ ký của người dân",
            "Thay thế giấy hẹn trả kết quả",
        ],
        "",
        "Nghị định số 118/2025/NĐ-CP",
    ),
    (
        P,
        "Khi tiếp nhận hồ sơ đầy đủ, hợp lệ, công chức trao cho người nộp giấy tờ nào?",
        [
            "Biên bản vi phạm",
            "*Giấy tiếp nhận hồ sơ và hẹn ngày trả kết quả",
            "Quyết định xử phạt",
            "Phiếu khảo sát",
        ],
        "",
        "Nghị định số 118/2025/NĐ-CP",
    ),
    # --- Organisational structure -----------------------------------------------------------
    (
        O,
        "Mục tiêu của sắp xếp tổ chức bộ máy theo Nghị quyết số 18-NQ/TW là gì?",
        [
            "*Tinh gọn, hoạt động hiệu lực, hiệu quả",
            "Tăng số đầu mối",
            "Tăng số cấp phó",
            "Giữ nguyên tổ chức hiện có",
        ],
        "",
        "Nghị quyết số 18-NQ/TW",
    ),
    (
        O,
        "Chính sách đối với cán bộ, công chức, viên chức và người lao động trong thực hiện sắp xếp tổ chức bộ máy được quy định tại văn bản nào?",
        [
            "Nghị định số 138/2020/NĐ-CP",
            "*Nghị định số 178/2024/NĐ-CP",
            "Nghị định số 30/2020/NĐ-CP",
            "Nghị định số 45/2020/NĐ-CP",
        ],
        "",
        "Nghị định số 178/2024/NĐ-CP",
    ),
    (
        O,
        "Sau ngày 01/7/2025, cấp hành chính nào chấm dứt hoạt động?",
        ["Cấp tỉnh", "*Cấp huyện", "Cấp xã", "Cấp trung ương"],
        "",
        "Luật Tổ chức chính quyền địa phương năm 2025",
    ),
    (
        O,
        "Chức năng, nhiệm vụ của cơ quan chuyên môn thuộc Ủy ban nhân dân cấp tỉnh là gì?",
        [
            "Ban hành luật",
            "*Tham mưu, giúp Ủy ban nhân dân cấp tỉnh quản lý nhà nước về ngành, lĩnh vực",
            "Xét xử các vụ án",
            "Giám sát hoạt động của Quốc hội",
        ],
        "",
        "",
    ),
    (
        O,
        "Đơn vị sự nghiệp công lập được đẩy mạnh tự chủ nhằm mục đích gì?",
        [
            "Tăng chi ngân sách thường xuyên",
            "*Nâng cao chất lượng dịch vụ sự nghiệp công, giảm chi trực tiếp từ ngân sách",
            "Tăng biên chế",
            "Hạn chế cung cấp dịch vụ",
        ],
        "",
        "Nghị định số 60/2021/NĐ-CP",
    ),
    (
        O,
        "Khi sáp nhập hai cơ quan, việc bố trí cấp phó của người đứng đầu trong thời gian đầu được thực hiện như thế nào?",
        [
            "*Có thể nhiều hơn quy định chung trong thời gian chuyển tiếp, sau đó giảm dần theo lộ trình",
            "Bắt buộc giữ nguyên số cấp phó mãi mãi",
            "Bỏ hết cấp phó",
            "Không có quy định",
        ],
        "",
        "Nghị quyết số 18-NQ/TW",
    ),
    (
        O,
        "Một trong các nguyên tắc sắp xếp tổ chức bộ máy là gì?",
        [
            "Một việc giao nhiều cơ quan",
            "*Một việc chỉ giao một cơ quan chủ trì và chịu trách nhiệm chính",
            "Không phân công rõ ràng",
            "Giữ nguyên chức năng chồng chéo",
        ],
        "",
        "",
    ),
    (
        O,
        "Tài liệu nào xác định tên gọi, mô tả công việc và khung năng lực của một vị trí trong cơ quan?",
        [
            "Sổ tài sản",
            "*Bản mô tả công việc và khung năng lực của vị trí việc làm",
            "Kế hoạch ngân sách",
            "Báo cáo thống kê",
        ],
        "",
        "Nghị định số 62/2020/NĐ-CP",
    ),
    (
        O,
        "Việc quản lý biên chế công chức gắn với nội dung nào?",
        [
            "Chỉ tiêu tuyển dụng tùy ý",
            "*Vị trí việc làm và tinh giản biên chế",
            "Số lượng trụ sở",
            "Số phương tiện đi lại",
        ],
        "",
        "Nghị định số 62/2020/NĐ-CP",
    ),
    # --- Civil service ------------------------------------------------------------------------
    (
        C,
        "Theo quy định, chất lượng cán bộ, công chức, viên chức hằng năm được xếp vào mấy mức?",
        ["Ba", "*Bốn", "Năm", "Sáu"],
        "Bốn mức: hoàn thành xuất sắc nhiệm vụ, hoàn thành tốt nhiệm vụ, hoàn thành nhiệm vụ, không hoàn thành nhiệm vụ.",
        "Nghị định số 90/2020/NĐ-CP",
    ),
    (
        C,
        "Hình thức kỷ luật nào KHÔNG áp dụng đối với công chức theo Luật Cán bộ, công chức năm 2008?",
        ["Khiển trách", "Cảnh cáo", "Buộc thôi việc", "*Phạt tiền"],
        "Phạt tiền là hình thức xử phạt vi phạm hành chính, không phải hình thức kỷ luật công chức.",
        "Luật Cán bộ, công chức năm 2008",
    ),
    (
        C,
        "Công chức được tuyển dụng thông qua hình thức nào?",
        [
            "Chỉ qua giới thiệu",
            "*Thi tuyển hoặc xét tuyển",
            "Bốc thăm",
            "Chỉ qua phỏng vấn không công khai",
        ],
        "",
        "Nghị định số 138/2020/NĐ-CP",
    ),
    (
        C,
        "Đề án “Đẩy mạnh xây dựng văn hóa công vụ” được Thủ tướng Chính phủ phê duyệt bằng văn bản nào?",
        [
            "Quyết định số 06/QĐ-TTg",
            "*Quyết định số 1847/QĐ-TTg năm 2018",
            "Quyết định số 749/QĐ-TTg",
            "Nghị quyết số 76/NQ-CP",
        ],
        "",
        "Quyết định số 1847/QĐ-TTg",
    ),
    (
        C,
        "Theo văn hóa công vụ, khi giao tiếp với người dân, công chức phải làm gì?",
        [
            "*Lắng nghe, tôn trọng, hướng dẫn rõ ràng, không gây phiền hà",
            "Trả lời qua loa",
            "Yêu cầu người dân chờ không hẹn",
            "Chỉ tiếp người quen",
        ],
        "",
        "Quyết định số 1847/QĐ-TTg",
    ),
    (
        C,
        "Vị trí việc làm là căn cứ để làm gì?",
        [
            "Chỉ để trang trí hồ sơ",
            "*Tuyển dụng, sử dụng, quản lý, đánh giá và xác định biên chế",
            "Xếp hạng trụ sở",
            "Phân chia tài sản",
        ],
        "",
        "Nghị định số 62/2020/NĐ-CP",
    ),
    (
        C,
        "Khi phát hiện quyết định của cấp trên là trái pháp luật, công chức phải làm gì?",
        [
            "Im lặng thi hành",
            "*Kịp thời báo cáo bằng văn bản với người ra quyết định",
            "Tự ý hủy bỏ quyết định",
            "Đăng lên mạng xã hội",
        ],
        "Nếu người ra quyết định vẫn quyết định việc thi hành thì phải có văn bản; người thi hành chấp hành nhưng không chịu trách nhiệm về hậu quả.",
        "Luật Cán bộ, công chức",
    ),
    (
        C,
        "Bồi dưỡng công chức theo tiêu chuẩn ngạch và vị trí việc làm nhằm mục đích gì?",
        [
            "*Trang bị, cập nhật kiến thức, kỹ năng để thực hiện nhiệm vụ",
            "Chỉ để nâng lương",
            "Thay thế đánh giá hằng năm",
            "Giảm thời gian làm việc",
        ],
        "",
        "Nghị định số 101/2017/NĐ-CP",
    ),
    (
        C,
        "Những hành vi nào công chức không được làm?",
        [
            "Tham gia học tập nâng cao trình độ",
            "*Gây phiền hà, sách nhiễu người dân khi thi hành công vụ",
            "Góp ý cho cơ quan",
            "Hướng dẫn người dân làm thủ tục",
        ],
        "",
        "Luật Cán bộ, công chức",
    ),
    # --- Public finance -----------------------------------------------------------------------
    (
        F,
        "Cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập hiện nay được quy định tại văn bản nào?",
        [
            "Nghị định số 16/2015/NĐ-CP",
            "*Nghị định số 60/2021/NĐ-CP",
            "Nghị định số 45/2020/NĐ-CP",
            "Nghị định số 90/2020/NĐ-CP",
        ],
        "Nghị định số 60/2021/NĐ-CP thay thế Nghị định số 16/2015/NĐ-CP.",
        "Nghị định số 60/2021/NĐ-CP",
    ),
    (
        F,
        "Cơ quan hành chính được giao khoán kinh phí quản lý hành chính có được sử dụng kinh phí tiết kiệm được không?",
        [
            "Không, phải nộp toàn bộ",
            "*Có, để tăng thu nhập, khen thưởng, phúc lợi theo quy chế chi tiêu nội bộ",
            "Chỉ để mua xe công",
            "Chỉ để chi tiếp khách",
        ],
        "",
        "Nghị định số 130/2005/NĐ-CP",
    ),
    (
        F,
        "Quy chế chi tiêu nội bộ của cơ quan do ai ban hành?",
        [
            "Kho bạc Nhà nước",
            "*Thủ trưởng cơ quan, sau khi thảo luận công khai trong cơ quan",
            "Ủy ban nhân dân cấp trên",
            "Từng công chức tự ban hành",
        ],
        "",
        "",
    ),
    (
        F,
        "Thực hành tiết kiệm, chống lãng phí trong cơ quan nhà nước là trách nhiệm của ai?",
        [
            "Chỉ của kế toán cơ quan",
            "Chỉ của Kho bạc Nhà nước",
            "*Của mọi cơ quan, tổ chức và từng cán bộ, công chức",
            "Chỉ của người đứng đầu",
        ],
        "",
        "Luật Thực hành tiết kiệm, chống lãng phí",
    ),
    (
        F,
        "Mục tiêu của đổi mới cơ chế phân bổ ngân sách là gì?",
        [
            "Phân bổ theo cảm tính",
            "*Gắn phân bổ ngân sách với nhiệm vụ và kết quả đầu ra",
            "Chia đều mọi đơn vị",
            "Tăng chi thường xuyên",
        ],
        "",
        "Nghị quyết số 76/NQ-CP",
    ),
    (
        F,
        "Công khai ngân sách ở cơ quan, đơn vị nhằm mục đích gì?",
        [
            "*Minh bạch, để cán bộ và người dân giám sát việc sử dụng ngân sách",
            "Quảng cáo cho đơn vị",
            "Giảm số lượng báo cáo",
            "Không có mục đích",
        ],
        "",
        "Luật Ngân sách nhà nước",
    ),
    (
        F,
        "Tài sản công tại cơ quan nhà nước phải được quản lý, sử dụng như thế nào?",
        [
            "Theo ý muốn của người sử dụng",
            "*Đúng mục đích, tiêu chuẩn, định mức, tiết kiệm, hiệu quả",
            "Được cho thuê tự do",
            "Không cần hạch toán",
        ],
        "",
        "Luật Quản lý, sử dụng tài sản công năm 2017",
    ),
    (
        F,
        "Đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên và chi đầu tư được hưởng mức tự chủ thế nào?",
        [
            "*Mức tự chủ cao nhất",
            "Không có tự chủ",
            "Như đơn vị được ngân sách bảo đảm toàn bộ",
            "Chỉ tự chủ về nhân sự",
        ],
        "",
        "Nghị định số 60/2021/NĐ-CP",
    ),
    (
        F,
        "Thanh toán phí, lệ phí thủ tục hành chính trực tuyến mang lại lợi ích gì?",
        [
            "Tăng tiền mặt lưu thông",
            "*Người dân không phải đến nộp trực tiếp, giao dịch minh bạch, dễ đối soát",
            "Phải nộp thêm phí dịch vụ cho công chức",
            "Kéo dài thời gian giải quyết",
        ],
        "",
        "",
    ),
    (
        F,
        "Giải ngân vốn đầu tư công chậm gây hậu quả gì?",
        [
            "*Làm giảm hiệu quả sử dụng vốn và chậm đưa công trình vào sử dụng",
            "Tăng hiệu quả đầu tư",
            "Không ảnh hưởng gì",
            "Giảm nợ công ngay lập tức",
        ],
        "",
        "Luật Đầu tư công",
    ),
    # --- E-government and digital government -------------------------------------------------
    (
        D,
        "Cổng Dịch vụ công quốc gia chính thức khai trương vào ngày nào?",
        ["01/01/2019", "*09/12/2019", "10/10/2020", "01/7/2021"],
        "",
        "Văn phòng Chính phủ",
    ),
    (
        D,
        "Ngày Chuyển đổi số quốc gia là ngày nào hằng năm?",
        ["03/02", "19/8", "*10/10", "20/11"],
        "Thủ tướng Chính phủ lấy ngày 10/10 hằng năm là Ngày Chuyển đổi số quốc gia.",
        "Quyết định số 505/QĐ-TTg năm 2022",
    ),
    (
        D,
        "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử thường được gọi tắt là gì?",
        ["Đề án 30", "*Đề án 06", "Đề án 749", "Đề án 1847"],
        "Đề án được phê duyệt theo Quyết định số 06/QĐ-TTg ngày 06/01/2022.",
        "Quyết định số 06/QĐ-TTg",
    ),
    (
        D,
        "Ứng dụng định danh điện tử quốc gia do Bộ Công an phát triển có tên là gì?",
        ["Zalo", "*VNeID", "VssID", "eTax"],
        "",
        "Nghị định số 69/2024/NĐ-CP",
    ),
    (
        D,
        "Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030 được phê duyệt tại văn bản nào?",
        [
            "*Quyết định số 749/QĐ-TTg",
            "Quyết định số 06/QĐ-TTg",
            "Nghị quyết số 76/NQ-CP",
            "Nghị định số 45/2020/NĐ-CP",
        ],
        "",
        "Quyết định số 749/QĐ-TTg năm 2020",
    ),
    (
        D,
        "Chương trình Chuyển đổi số quốc gia xác định mấy trụ cột?",
        ["Hai", "*Ba: chính phủ số, kinh tế số, xã hội số", "Bốn", "Năm"],
        "",
        "Quyết định số 749/QĐ-TTg",
    ),
    (
        D,
        "Dịch vụ công trực tuyến “toàn trình” là gì?",
        [
            "Chỉ tra cứu thông tin trên mạng",
            "*Toàn bộ quá trình từ nộp hồ sơ, giải quyết đến trả kết quả đều thực hiện trên môi trường mạng",
            "Nộp trực tuyến nhưng nhận kết quả bắt buộc tại cơ quan",
            "Chỉ tải mẫu đơn",
        ],
        "",
        "Nghị định số 42/2022/NĐ-CP",
    ),
    (
        D,
        "Luật Giao dịch điện tử năm 2023 có hiệu lực từ ngày nào?",
        ["01/01/2024", "*01/7/2024", "01/01/2025", "01/7/2025"],
        "",
        "Luật Giao dịch điện tử năm 2023",
    ),
    (
        D,
        "Kho quản lý dữ liệu điện tử của tổ chức, cá nhân trên Cổng Dịch vụ công giúp người dân điều gì?",
        [
            "*Lưu giữ giấy tờ, kết quả đã số hóa để dùng lại khi làm thủ tục khác",
            "Thanh toán hóa đơn điện nước",
            "Đăng ký thi tuyển",
            "Bầu cử trực tuyến",
        ],
        "",
        "Nghị định số 45/2020/NĐ-CP",
    ),
    (
        D,
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị bàn về vấn đề gì?",
        [
            "Sắp xếp đơn vị hành chính",
            "*Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
            "Cải cách tiền lương",
            "Phòng, chống tham nhũng",
        ],
        "",
        "Nghị quyết số 57-NQ/TW",
    ),
    (
        D,
        "Chữ ký số có giá trị pháp lý như thế nào khi được bảo đảm an toàn theo quy định?",
        [
            "Không có giá trị",
            "*Có giá trị tương đương chữ ký tay trên văn bản giấy",
            "Chỉ có giá trị trong nội bộ",
            "Chỉ có giá trị với doanh nghiệp",
        ],
        "",
        "Luật Giao dịch điện tử năm 2023",
    ),
    (
        D,
        "Tài khoản định danh điện tử mức độ 2 được dùng để làm gì?",
        [
            "Chỉ để xem tin tức",
            "*Đăng nhập, thực hiện dịch vụ công trực tuyến và thay thế một số giấy tờ",
            "Chỉ để gọi điện",
            "Không có tác dụng",
        ],
        "",
        "Nghị định số 69/2024/NĐ-CP",
    ),
    (
        D,
        "Để bảo đảm an toàn khi làm dịch vụ công trực tuyến, người dân nên làm gì?",
        [
            "Cung cấp mật khẩu cho người lạ hướng dẫn",
            "*Chỉ truy cập cổng chính thức và không chia sẻ mã xác thực (OTP)",
            "Dùng chung tài khoản cho cả xóm",
            "Bấm vào mọi đường link nhận qua tin nhắn",
        ],
        "",
        "",
    ),
    (
        D,
        "Văn bản điện tử gửi giữa các cơ quan nhà nước qua trục liên thông phải có gì để bảo đảm giá trị pháp lý?",
        [
            "Ảnh chụp con dấu",
            "*Chữ ký số của người có thẩm quyền và của cơ quan",
            "Chữ ký scan",
            "Không cần ký",
        ],
        "",
        "Nghị định số 30/2020/NĐ-CP",
    ),
]

# Document → what it governs: each gives two questions, asked both ways.
DOCUMENTS = [
    (P, "Nghị định số 63/2010/NĐ-CP", "kiểm soát thủ tục hành chính"),
    (D, "Nghị định số 45/2020/NĐ-CP", "thực hiện thủ tục hành chính trên môi trường điện tử"),
    (
        D,
        "Nghị định số 42/2022/NĐ-CP",
        "cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng",
    ),
    (D, "Nghị định số 69/2024/NĐ-CP", "định danh và xác thực điện tử"),
    (L, "Nghị định số 30/2020/NĐ-CP", "công tác văn thư"),
    (F, "Nghị định số 60/2021/NĐ-CP", "cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập"),
    (C, "Nghị định số 138/2020/NĐ-CP", "tuyển dụng, sử dụng và quản lý công chức"),
    (C, "Nghị định số 112/2020/NĐ-CP", "xử lý kỷ luật cán bộ, công chức, viên chức"),
    (O, "Nghị định số 62/2020/NĐ-CP", "vị trí việc làm và biên chế công chức"),
    (C, "Nghị định số 90/2020/NĐ-CP", "đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức"),
    (
        O,
        "Nghị định số 178/2024/NĐ-CP",
        "chính sách, chế độ đối với cán bộ, công chức, viên chức, người lao động trong thực hiện sắp xếp tổ chức bộ máy",
    ),
    (
        P,
        "Nghị định số 118/2025/NĐ-CP",
        "thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia",
    ),
]


def _document_questions():
    questions = []
    names = [name for _area, name, _subject in DOCUMENTS]
    subjects = [subject for _area, _name, subject in DOCUMENTS]
    for index, (area, name, subject) in enumerate(DOCUMENTS):
        others = [names[(index + step) % len(names)] for step in (3, 5, 7)]
        choices = others[:]
        choices.insert(index % 4, "*" + name)
        questions.append((area, f"Văn bản nào quy định về {subject}?", choices, "", name))
        wrong = [subjects[(index + step) % len(subjects)] for step in (2, 4, 6)]
        choices = [text[0].upper() + text[1:] for text in wrong]
        right = subject[0].upper() + subject[1:]
        choices.insert((index + 2) % 4, "*" + right)
        questions.append((area, f"{name} quy định về nội dung nào?", choices, "", name))
    return questions


# True/false statements: (area, statement, is_true, explanation).
STATEMENTS = [
    (
        P,
        "Người dân có thể nộp hồ sơ thủ tục hành chính trực tuyến qua Cổng Dịch vụ công quốc gia.",
        True,
        "",
    ),
    (
        P,
        "Công chức tiếp nhận được thu thêm khoản tiền ngoài phí, lệ phí đã công bố nếu người dân đồng ý.",
        False,
        "Mọi khoản thu ngoài quy định đều bị nghiêm cấm.",
    ),
    (
        O,
        "Từ ngày 01/7/2025, Ủy ban nhân dân cấp huyện vẫn tiếp tục hoạt động song song với cấp xã.",
        False,
        "Cấp huyện kết thúc hoạt động từ ngày 01/7/2025.",
    ),
    (
        C,
        "Kết quả đánh giá, xếp loại chất lượng hằng năm là căn cứ để bố trí, sử dụng, khen thưởng công chức.",
        True,
        "",
    ),
    (
        D,
        "Mã xác thực OTP nhận qua điện thoại có thể đọc cho người khác để được hỗ trợ nhanh hơn.",
        False,
        "Không bao giờ chia sẻ mã OTP.",
    ),
    (F, "Quy chế chi tiêu nội bộ phải được công khai trong cơ quan.", True, ""),
    (I, "Thủ tục hành chính chỉ được quy định khi thật cần thiết cho quản lý nhà nước.", True, ""),
    (
        L,
        "Cải cách hành chính chỉ là nhiệm vụ riêng của ngành Nội vụ.",
        False,
        "Cải cách hành chính là nhiệm vụ của mọi cơ quan, người đứng đầu chịu trách nhiệm chính.",
    ),
    (
        D,
        "Giấy tờ đã được số hóa và lưu trong kho dữ liệu có thể được tái sử dụng khi làm thủ tục khác.",
        True,
        "",
    ),
    (
        C,
        "Công chức được phép hút thuốc lá trong phòng làm việc nếu không có người dân.",
        False,
        "Luật Phòng, chống tác hại của thuốc lá cấm hút thuốc trong nhà tại nơi làm việc.",
    ),
    (
        P,
        "Thủ tục hành chính phải được công khai đầy đủ, kịp thời tại nơi tiếp nhận hồ sơ.",
        True,
        "",
    ),
    (
        P,
        "Khi hồ sơ giải quyết trễ hẹn, người dân phải tự làm đơn xin gia hạn.",
        False,
        "Cơ quan có lỗi phải xin lỗi và hẹn lại thời gian trả kết quả.",
    ),
    (
        P,
        "Người dân có thể đánh giá mức độ hài lòng sau khi được giải quyết thủ tục hành chính.",
        True,
        "",
    ),
    (
        I,
        "Văn bản quy phạm pháp luật không cần được rà soát sau khi ban hành.",
        False,
        "Văn bản phải được rà soát, hệ thống hóa thường xuyên.",
    ),
    (I, "Chính quyền địa phương ở tỉnh gồm Hội đồng nhân dân và Ủy ban nhân dân.", True, ""),
    (O, "Sắp xếp tổ chức bộ máy nhằm giảm đầu mối, giảm tầng nấc trung gian.", True, ""),
    (
        O,
        "Một nhiệm vụ nên được giao cho nhiều cơ quan cùng chủ trì để bảo đảm chắc chắn.",
        False,
        "Một việc chỉ giao một cơ quan chủ trì, chịu trách nhiệm chính.",
    ),
    (C, "Công chức phải có thái độ lịch sự, tôn trọng nhân dân khi thi hành công vụ.", True, ""),
    (
        C,
        "Đánh giá công chức chỉ cần dựa vào thâm niên công tác.",
        False,
        "Đánh giá dựa trên kết quả thực hiện nhiệm vụ được giao.",
    ),
    (
        F,
        "Đơn vị sự nghiệp công lập có thể được giao tự chủ tài chính ở các mức khác nhau.",
        True,
        "",
    ),
    (
        F,
        "Tài sản công có thể được sử dụng cho việc riêng nếu ngoài giờ hành chính.",
        False,
        "Tài sản công phải dùng đúng mục đích, tiêu chuẩn, định mức.",
    ),
    (D, "Ngày 10 tháng 10 hằng năm là Ngày Chuyển đổi số quốc gia.", True, ""),
    (D, "Chữ ký số hợp lệ có giá trị pháp lý như chữ ký tay.", True, ""),
    (L, "Kết quả Chỉ số cải cách hành chính được công bố hằng năm.", True, ""),
    (
        L,
        "Người đứng đầu cơ quan chịu trách nhiệm về kết quả cải cách hành chính tại cơ quan mình.",
        True,
        "",
    ),
]


def all_questions():
    """Every demo question as dicts ready for importers.save_questions."""
    rows = []
    for area, text, choices, explanation, source in HANDWRITTEN + _document_questions():
        rows.append(
            {
                "text": text,
                "area": area,
                "difficulty": "medium",
                "audience": "all",
                "kind": "single",
                "choices": [(choice.lstrip("*"), choice.startswith("*")) for choice in choices],
                "explanation": explanation,
                "legal_source": source,
            }
        )
    for area, statement, is_true, explanation in STATEMENTS:
        rows.append(
            {
                "text": statement,
                "area": area,
                "difficulty": "easy",
                "audience": "all",
                "kind": "true_false",
                "choices": [("Đúng", is_true), ("Sai", not is_true)],
                "explanation": explanation,
                "legal_source": "",
            }
        )
    return rows
